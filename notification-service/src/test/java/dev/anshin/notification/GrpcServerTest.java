package dev.anshin.notification;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.kit.testing.GrpcSecurityContract;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Who may call notification-service at all (the kit's {@link GrpcSecurityContract}), and what its RPCs answer today. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest extends GrpcSecurityContract {

    @Override
    protected List<ServiceDescriptor> services() {
        return List.of(NotificationServiceGrpc.getServiceDescriptor());
    }

    @Test
    void everyRpcAnswersUnimplementedUntilItsOwnIssue() {
        assertEveryRpcAnswers(Status.Code.UNIMPLEMENTED, Tokens.member(GrpcTestClient.newMemberId()));
    }
}
