package dev.anshin.notification;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.kit.testing.GrpcSecurityContract;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Who may call notification-service at all (the kit's {@link GrpcSecurityContract}), and that every RPC is built. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class GrpcServerTest extends GrpcSecurityContract {

    @Override
    protected List<ServiceDescriptor> services() {
        return List.of(NotificationServiceGrpc.getServiceDescriptor());
    }

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void noRpcAnswersUnimplemented() {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            for (var method : NotificationServiceGrpc.getServiceDescriptor().getMethods()) {
                try {
                    GrpcTestClient.callWithEmptyRequest(client.channel(Tokens.member(GrpcTestClient.newMemberId())), method);
                } catch (StatusRuntimeException e) {
                    assertNotEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), method.getFullMethodName());
                }
            }
        }
    }
}
