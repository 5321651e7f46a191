package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.Decision;
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
        CardNetwork network = new CardNetwork(client());
        List<String> authorizationIds = new ArrayList<>();
        // Two cards, four purchases each: under the velocity rule, all approved.
        for (int c = 0; c < 2; c++) {
            Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
            var details = network.detailsOf(member, card);
            for (int i = 0; i < 4; i++) {
                AuthorizeRequest purchase = CardNetwork.purchase(details, 1_000 + i).build();
                assertEquals(Decision.DECISION_APPROVED, network.stub().authorize(purchase).getDecision());
                authorizationIds.add(purchase.getAuthorizationId());
            }
        }

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (undeliveredEvents(authorizationIds) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }

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
