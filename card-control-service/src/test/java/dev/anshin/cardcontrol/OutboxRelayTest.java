package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = FlakyReceivers.class, restrictToAnnotatedClass = true)
class OutboxRelayTest extends CardTestSupport {

    @Test
    void everyApprovalReachesStatementsAndNotificationsExactlyOnceThroughRefusedItemsRefusedCallsAndIncompleteAnswers() throws InterruptedException {
        String member = CardControlClient.newMemberId();
        // Two cards, four purchases each: under the velocity rule, all approved.
        List<String> authorizationIds = new ArrayList<>(approvedPurchases(member, CardBrand.CARD_BRAND_VISA, 4, 1_000));
        authorizationIds.addAll(approvedPurchases(member, CardBrand.CARD_BRAND_VISA, 4, 1_000));

        awaitDelivered(authorizationIds, Duration.ofSeconds(60), Duration.ofMillis(200));

        assertEquals(0, undeliveredEvents(authorizationIds), "every event acknowledged in the end");
        for (String id : authorizationIds) {
            for (String type : List.of("STATEMENT_RECORD_AUTHORIZATION", "NOTIFICATION_USAGE")) {
                String key = type + ":" + id;
                assertEquals(1, FlakyReceivers.accepted.get(key).get(), "accepted exactly once: " + key);
                assertEquals(FlakyReceivers.FAILURES_PER_EVENT + 1, FlakyReceivers.attempts.get(key).get(),
                        "retried after each refusal, never again after the acknowledgement: " + key);
            }
            assertEquals(FlakyReceivers.FAILURES_PER_EVENT, queryLong(
                    "SELECT MAX(attempts) FROM outbox_event WHERE event_id = ?", id), "failed attempts are recorded");
            assertThat(queryString("SELECT MAX(last_error) FROM outbox_event WHERE event_id = ?", id)).startsWith("UNAVAILABLE");
        }
        assertThat(FlakyReceivers.wholeCallsRefused.get()).as("whole batch calls refused, and their events retried").isPositive();
        assertEquals(1, FlakyReceivers.incompleteAnswers.get(), "an answer missing a result was given, and not trusted for any item");
        assertEquals(0, FlakyReceivers.callsWithoutToken.get(), "every delivery carries card-control's bearer token");
    }
}
