package dev.anshin.cardcontrol;

import java.util.List;

import dev.anshin.api.cardcontrol.v1.AuthorizationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardholderAuthenticationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CreditServiceGrpc;
import dev.anshin.kit.testing.GrpcSecurityContract;
import io.grpc.ServiceDescriptor;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Who may call card-control at all (the kit's {@link GrpcSecurityContract}): a valid token minted for
 * card-control-service, and a person's two-step sign-in where the contract declares a step-up.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest extends GrpcSecurityContract {

    @Override
    protected List<ServiceDescriptor> services() {
        return List.of(CardControlServiceGrpc.getServiceDescriptor(), AuthorizationServiceGrpc.getServiceDescriptor(),
                CardholderAuthenticationServiceGrpc.getServiceDescriptor(), CreditServiceGrpc.getServiceDescriptor());
    }
}
