package dev.anshin.notification;

import dev.anshin.kit.testing.HealthContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** notification-service's health, as every service's (the kit's {@link HealthContract}). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class HealthTest extends HealthContract {
}
