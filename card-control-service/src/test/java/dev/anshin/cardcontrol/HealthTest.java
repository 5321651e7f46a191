package dev.anshin.cardcontrol;

import dev.anshin.kit.testing.HealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** card-control's health, as every service's (the kit's {@link HealthContract}). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class HealthTest extends HealthContract {
}
