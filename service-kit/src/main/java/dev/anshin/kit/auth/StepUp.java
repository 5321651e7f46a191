package dev.anshin.kit.auth;

import java.time.Instant;
import java.util.Optional;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Whether a person's token meets an RPC's {@link StepUpRequirement} (RFC 9470), and the refusal when it does not:
 * UNAUTHENTICATED with an {@code ErrorInfo} of reason {@value #REASON} whose metadata carries {@code acr_values} (and
 * {@code max_age} in seconds when the requirement has one), which the gateway turns into the same
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} challenge it sends itself.
 */
public final class StepUp {

    public static final String REASON = "INSUFFICIENT_USER_AUTHENTICATION";
    public static final String DOMAIN = "auth.anshin.dev";

    private StepUp() {
    }

    /** The refusal of {@code token} for {@code requirement} at {@code now}, or empty when the token meets it. */
    public static Optional<StatusRuntimeException> refusal(StepUpRequirement requirement, JsonWebToken token,
            Instant now) {
        Object acr = token.getClaim("acr");
        if (acr == null || !requirement.acr().equals(acr.toString())) {
            return Optional.of(refuse(requirement, "this call needs a sign-in with acr \"" + requirement.acr() + "\""));
        }
        if (requirement.maxAge() != null) {
            Object authTime = token.getClaim("auth_time");
            if (!(authTime instanceof Number seconds)
                    || Instant.ofEpochSecond(seconds.longValue()).plus(requirement.maxAge()).isBefore(now)) {
                return Optional.of(refuse(requirement, "this call needs a sign-in with acr \"" + requirement.acr()
                        + "\" made within the last " + requirement.maxAge().toSeconds() + " seconds"));
            }
        }
        return Optional.empty();
    }

    private static StatusRuntimeException refuse(StepUpRequirement requirement, String message) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(REASON).setDomain(DOMAIN)
                .putMetadata("acr_values", requirement.acr());
        if (requirement.maxAge() != null) {
            info.putMetadata("max_age", Long.toString(requirement.maxAge().toSeconds()));
        }
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.UNAUTHENTICATED.value())
                .setMessage(message)
                .addDetails(Any.pack(info.build()))
                .build());
    }
}
