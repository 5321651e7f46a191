package dev.anshin.consent;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.kit.testing.GrpcSecurityContract;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Who may call consent-service at all (the kit's {@link GrpcSecurityContract}), and that every RPC is built. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest extends GrpcSecurityContract {

    @Override
    protected List<ServiceDescriptor> services() {
        return List.of(ConsentServiceGrpc.getServiceDescriptor(), PrivacyRequestServiceGrpc.getServiceDescriptor());
    }

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void noRpcAnswersUnimplemented() {
        // Issue 16 is built over gRPC: every RPC of both services answers (a refusal of an empty request is an answer).
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            var channel = client.channel(Tokens.member(GrpcTestClient.newMemberId()));
            for (ServiceDescriptor service : services()) {
                for (MethodDescriptor<?, ?> rpc : service.getMethods()) {
                    try {
                        GrpcTestClient.callWithEmptyRequest(channel, rpc);
                    } catch (StatusRuntimeException answer) {
                        assertNotEquals(Status.Code.UNIMPLEMENTED, answer.getStatus().getCode(), rpc.getFullMethodName());
                    }
                }
            }
        }
    }
}
