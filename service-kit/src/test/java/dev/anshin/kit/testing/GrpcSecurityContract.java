package dev.anshin.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;

import dev.anshin.kit.auth.StepUp;
import dev.anshin.kit.auth.StepUpRequirement;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * Who may call a service at all, the same for every service: a valid token of the issuer, minted for this service
 * (RFC 9068 §4: its audience), and for an RPC whose contract declares a step-up, a person's sign-in that meets it
 * whatever route the call took. A service's {@code GrpcServerTest} extends this class with {@code @QuarkusTest} and
 * the test OpenID Connect server, and names its gRPC services.
 */
public abstract class GrpcSecurityContract {

    @TestHTTPResource("/")
    URI baseUri;

    /** The service's own gRPC services (not the standard health service, which is open). */
    protected abstract List<ServiceDescriptor> services();

    @Test
    void everyRpcRequiresAToken() {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            for (MethodDescriptor<?, ?> rpc : rpcs()) {
                var failure = assertThrows(StatusRuntimeException.class,
                        () -> GrpcTestClient.callWithEmptyRequest(client.channel(), rpc), rpc.getFullMethodName());

                assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode(), rpc.getFullMethodName());
            }
        }
    }

    @Test
    void aForgedTokenIsUnauthenticated() {
        String valid = Tokens.member(GrpcTestClient.newMemberId());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        assertEveryRpcRefuses(forged);
    }

    @Test
    void aTokenMintedForAnotherServiceIsRefusedByEveryRpc() {
        assertEveryRpcRefuses(Tokens.of(GrpcTestClient.newMemberId()).roles("member").acr(Tokens.TWO_STEP)
                .audience("another-service").sign());
    }

    @Test
    void aTokenWithoutAnAudienceIsRefusedByEveryRpc() {
        assertEveryRpcRefuses(Tokens.of(GrpcTestClient.newMemberId()).roles("member").acr(Tokens.TWO_STEP)
                .audience().sign());
    }

    @Test
    void aPasswordOnlySignInIsRefusedByEveryRpcWhoseContractDeclaresTwoStep() {
        Map<MethodDescriptor<?, ?>, StepUpRequirement> stepUps = stepUps();
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            for (var entry : stepUps.entrySet()) {
                for (String token : List.of(Tokens.memberPasswordOnly(GrpcTestClient.newMemberId()),
                        Tokens.of("operator-1").roles("operator").acr(Tokens.PASSWORD).sign(),
                        Tokens.of(GrpcTestClient.newMemberId()).roles("member").sign())) {
                    var failure = assertThrows(StatusRuntimeException.class, () -> GrpcTestClient
                            .callWithEmptyRequest(client.channel(token), entry.getKey()), entry.getKey().getFullMethodName());

                    assertStepUpRefusal(failure, entry.getValue(), entry.getKey());
                }
            }
        }
    }

    @Test
    void aTwoStepSignInOlderThanTheContractsMaxAgeIsRefused() {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            for (var entry : stepUps().entrySet()) {
                StepUpRequirement requirement = entry.getValue();
                if (requirement.maxAge() == null) {
                    continue;
                }
                String stale = Tokens.of(GrpcTestClient.newMemberId()).roles("member").acr(requirement.acr())
                        .signedInAt(Instant.now().minus(requirement.maxAge()).minusSeconds(60)).sign();

                var failure = assertThrows(StatusRuntimeException.class, () -> GrpcTestClient
                        .callWithEmptyRequest(client.channel(stale), entry.getKey()), entry.getKey().getFullMethodName());

                assertStepUpRefusal(failure, requirement, entry.getKey());
            }
        }
    }

    /** The service's RPCs whose contract declares a step-up; empty for a service that has none yet. */
    protected Map<MethodDescriptor<?, ?>, StepUpRequirement> stepUps() {
        Map<MethodDescriptor<?, ?>, StepUpRequirement> stepUps = new java.util.LinkedHashMap<>();
        for (MethodDescriptor<?, ?> rpc : rpcs()) {
            StepUpRequirement requirement = StepUpRequirement.of(rpc);
            if (requirement != null) {
                stepUps.put(rpc, requirement);
            }
        }
        return stepUps;
    }

    private void assertEveryRpcRefuses(String token) {
        assertEveryRpcAnswers(Status.Code.UNAUTHENTICATED, token);
    }

    /** Calls every RPC with an empty request and {@code token}, and expects each to fail with {@code code}. */
    protected void assertEveryRpcAnswers(Status.Code code, String token) {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            for (MethodDescriptor<?, ?> rpc : rpcs()) {
                var failure = assertThrows(StatusRuntimeException.class,
                        () -> GrpcTestClient.callWithEmptyRequest(client.channel(token), rpc), rpc.getFullMethodName());

                assertEquals(code, failure.getStatus().getCode(), rpc.getFullMethodName());
            }
        }
    }

    private static void assertStepUpRefusal(StatusRuntimeException failure, StepUpRequirement requirement,
            MethodDescriptor<?, ?> rpc) {
        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode(), rpc.getFullMethodName());
        ErrorInfo info = ErrorDetails.errorInfo(failure);
        assertEquals(StepUp.REASON, info.getReason(), rpc.getFullMethodName());
        assertEquals(requirement.acr(), info.getMetadataOrThrow("acr_values"), rpc.getFullMethodName());
        if (requirement.maxAge() != null) {
            assertEquals(Long.toString(requirement.maxAge().toSeconds()), info.getMetadataOrThrow("max_age"));
        }
    }

    private List<MethodDescriptor<?, ?>> rpcs() {
        List<MethodDescriptor<?, ?>> rpcs = services().stream().flatMap(s -> s.getMethods().stream())
                .<MethodDescriptor<?, ?>>map(m -> m).toList();
        assertThat(rpcs).isNotEmpty();
        return rpcs;
    }
}
