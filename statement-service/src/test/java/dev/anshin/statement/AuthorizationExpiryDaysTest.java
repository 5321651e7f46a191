package dev.anshin.statement;

import static dev.anshin.statement.Usage.approval;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.service.AuthorizationExpiry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The number of days before an uncleared authorization expires is configuration: here 7. */
@QuarkusTest
@TestProfile(AuthorizationExpiryDaysTest.SevenDays.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthorizationExpiryDaysTest {

    public static class SevenDays implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("anshin.statement.authorization-expiry.days", "7");
        }
    }

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    AuthorizationExpiry expiry;

    @Test
    void anAuthorizationExpiresAfterTheConfiguredNumberOfDays() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String member = GrpcTestClient.newMemberId();
        String card = Usage.newCardId();
        String eightDays = Usage.newAuthorizationId();
        String sixDays = Usage.newAuthorizationId();
        try (Usage usage = new Usage(baseUri)) {
            usage.cardControl().recordAuthorization(approval(eightDays, member, card, 500, "店", now.minus(Duration.ofDays(8))));
            usage.cardControl().recordAuthorization(approval(sixDays, member, card, 500, "店", now.minus(Duration.ofDays(6))));
        }

        expiry.expire();

        assertEquals(TransactionStatus.EXPIRED, Usage.stored(eightDays).orElseThrow().status);
        assertEquals(TransactionStatus.PENDING, Usage.stored(sixDays).orElseThrow().status);
    }
}
