package dev.anshin.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.SendMarketingRequest;
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

/** Who may call notification-service at all (the kit's {@link GrpcSecurityContract}), and what its RPCs answer today. */
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

    /** Marketing is a later part of issue 18. */
    @Test
    void theRpcsOfLaterIssuesStillAnswerUnimplemented() {
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            var stub = NotificationServiceGrpc.newBlockingStub(client.channel(Tokens.system("card-control", "card-control")));
            List<Runnable> later = List.of(
                    () -> stub.sendMarketing(SendMarketingRequest.getDefaultInstance()));
            for (Runnable call : later) {
                var refused = assertThrows(StatusRuntimeException.class, call::run);
                assertEquals(Status.Code.UNIMPLEMENTED, refused.getStatus().getCode());
            }
        }
    }
}
