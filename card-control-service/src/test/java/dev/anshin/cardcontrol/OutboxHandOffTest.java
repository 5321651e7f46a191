package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The relay polls the table once, at startup, and then not for an hour: what reaches the receivers was handed off. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = FlakyReceivers.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "failures-per-event", value = "0"),
        @ResourceArg(name = "poll-interval", value = "PT1H") })
class OutboxHandOffTest extends CardTestSupport {

    @Test
    void anApprovalIsHandedToTheRelayInMemoryAndReachesBothReceiversOnceWithoutWaitingForAPoll() throws InterruptedException {
        List<String> authorizationIds = approvedPurchases(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_MASTERCARD, 3, 2_000);

        awaitDelivered(authorizationIds, Duration.ofSeconds(30), Duration.ofMillis(50));

        assertEquals(0, undeliveredEvents(authorizationIds), "delivered long before the next poll, an hour away");
        for (String id : authorizationIds) {
            for (String type : List.of("STATEMENT_RECORD_AUTHORIZATION", "NOTIFICATION_USAGE")) {
                String key = type + ":" + id;
                assertEquals(1, FlakyReceivers.attempts.get(key).get(), "sent once: " + key);
                assertEquals(1, FlakyReceivers.accepted.get(key).get(), "accepted once: " + key);
            }
            assertEquals(0, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ? AND (claim_token IS NOT NULL"
                    + " OR claimed_until IS NOT NULL OR attempts <> 0)", id), "acknowledged: no claim left, no failed attempt");
        }
    }
}
