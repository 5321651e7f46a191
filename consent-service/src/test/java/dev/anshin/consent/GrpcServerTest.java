package dev.anshin.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** Who may call consent-service at all (the kit's {@link GrpcSecurityContract}), and which RPCs are left for later increments. */
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
    void theRpcsOfLaterIncrementsStillAnswerUnimplemented() {
        // Bureau dates and privacy requests are later increments of issue 16; the consent core is implemented.
        try (GrpcTestClient client = new GrpcTestClient(baseUri)) {
            var channel = client.channel(Tokens.member(GrpcTestClient.newMemberId()));
            List<MethodDescriptor<?, ?>> later = new java.util.ArrayList<>();
            later.add(ConsentServiceGrpc.getGetBureauRetentionMethod());
            PrivacyRequestServiceGrpc.getServiceDescriptor().getMethods().forEach(later::add);
            for (MethodDescriptor<?, ?> rpc : later) {
                var failure = assertThrows(StatusRuntimeException.class,
                        () -> GrpcTestClient.callWithEmptyRequest(channel, rpc), rpc.getFullMethodName());
                assertEquals(Status.Code.UNIMPLEMENTED, failure.getStatus().getCode(), rpc.getFullMethodName());
            }
        }
    }
}
