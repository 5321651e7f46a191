package dev.anshin.kit.grpc;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.kit.auth.PeopleRoles;
import dev.anshin.kit.auth.StepUp;
import dev.anshin.kit.auth.StepUpRequirement;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Refuses a person's call to an RPC whose contract declares a step-up ({@code option (anshin.common.v1.step_up)})
 * when the person's token does not meet it, before the service sees the request: the service itself enforces two-step,
 * so nothing inside the network that reaches it skips the gateway's step-up. Systems' tokens (no member or operator
 * role) carry no acr and are not held to it. An RPC without the option costs one map look-up.
 */
@GlobalInterceptor
@ApplicationScoped
public class StepUpInterceptor implements ServerInterceptor, Prioritized {

    private static final StepUpRequirement NONE = new StepUpRequirement("", null);

    private final SecurityIdentity identity;
    private final Clock clock;
    private final ConcurrentHashMap<String, StepUpRequirement> requirements = new ConcurrentHashMap<>();

    @Inject
    public StepUpInterceptor(SecurityIdentity identity) {
        this(identity, Clock.systemUTC());
    }

    StepUpInterceptor(SecurityIdentity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** After quarkus-grpc's own interceptors (request context, security), which run at higher priorities. */
    @Override
    public int getPriority() {
        return 0;
    }

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
            ServerCallHandler<ReqT, RespT> next) {
        StepUpRequirement requirement = requirements.computeIfAbsent(call.getMethodDescriptor().getFullMethodName(),
                name -> Optional.ofNullable(StepUpRequirement.of(call.getMethodDescriptor())).orElse(NONE));
        if (requirement != NONE) {
            Optional<StatusRuntimeException> refusal = refusal(requirement);
            if (refusal.isPresent()) {
                StatusRuntimeException status = refusal.get();
                call.close(status.getStatus(), status.getTrailers() != null ? status.getTrailers() : new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(call, headers);
    }

    private Optional<StatusRuntimeException> refusal(StepUpRequirement requirement) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token) || !isPerson()) {
            return Optional.empty();
        }
        return StepUp.refusal(requirement, token, clock.instant());
    }

    private boolean isPerson() {
        return identity.hasRole(PeopleRoles.MEMBER) || identity.hasRole(PeopleRoles.OPERATOR);
    }
}
