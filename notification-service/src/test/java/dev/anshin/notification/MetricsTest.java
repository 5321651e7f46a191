package dev.anshin.notification;

import dev.anshin.kit.testing.MetricsContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** notification-service's /q/metrics, as every service's (the kit's {@link MetricsContract}). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class MetricsTest extends MetricsContract {
}
