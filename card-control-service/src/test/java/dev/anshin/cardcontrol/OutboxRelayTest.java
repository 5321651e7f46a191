package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.kit.testing.PrometheusScrape;
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

    @Test
    void everyCardStatusNoticeReachesNotificationsExactlyOnceThroughRefusals() throws InterruptedException {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 300_000);
        CardId cardId = card.getId();
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId).build());
        member(member).resumeCard(ResumeCardRequest.newBuilder().setCardId(cardId).build());
        List<String> transitionIds = historyOf(member, cardId).stream()
                .filter(entry -> entry.getFromState() != entry.getToState()).map(CardTransition::getId).toList();
        assertEquals(2, transitionIds.size(), "suspended, resumed");

        awaitDelivered(transitionIds, Duration.ofSeconds(60), Duration.ofMillis(200));

        assertEquals(0, undeliveredEvents(transitionIds), "every status notice acknowledged in the end");
        for (String id : transitionIds) {
            String key = "NOTIFICATION_CARD_STATUS:" + id;
            assertEquals(1, FlakyReceivers.accepted.get(key).get(), "accepted exactly once: " + key);
            assertEquals(FlakyReceivers.FAILURES_PER_EVENT + 1, FlakyReceivers.attempts.get(key).get(),
                    "retried after each refusal, never again after the acknowledgement: " + key);
        }
    }

    @Test
    void aUsageConfirmationAnsweredUndeliverableIsMarkedDeliveredAndNeverSentAgain() throws InterruptedException {
        String member = CardControlClient.newMemberId();
        CardNetwork network = new CardNetwork(client());
        var details = network.detailsOf(member, client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 1_000_000));
        AuthorizeRequest large = CardNetwork.purchase(details, 300_000).build();
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, network.stub().authorize(large).getDeclineReason());
        List<String> held = List.of(large.getAuthorizationId());

        awaitDelivered(held, Duration.ofSeconds(60), Duration.ofMillis(200));

        assertEquals(0, undeliveredEvents(held), "the relay stops once the receiver has recorded it");
        String key = "NOTIFICATION_USAGE_CONFIRMATION:" + large.getAuthorizationId();
        assertEquals(1, FlakyReceivers.accepted.get(key).get(), "accepted exactly once");
        Thread.sleep(1_500); // more than a poll interval: nothing is sent again
        assertEquals(FlakyReceivers.FAILURES_PER_EVENT + 1, FlakyReceivers.attempts.get(key).get());
    }

    @Test
    void theRelayCountsEachReceiversDeliveriesByTheirAnswerAndTheirRetries() throws InterruptedException {
        PrometheusScrape before = PrometheusScrape.now();
        List<String> authorizationIds = approvedPurchases(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_VISA, 2, 1_000);

        awaitDelivered(authorizationIds, Duration.ofSeconds(60), Duration.ofMillis(200));

        assertEquals(0, undeliveredEvents(authorizationIds));
        PrometheusScrape after = PrometheusScrape.now();
        int deliveries = authorizationIds.size(); // per receiver: one statement item, one usage notice per approval
        for (String receiver : List.of("statement-service", "notification-service")) {
            // Each delivery is refused three times, then acknowledged; events left waiting by other tests may add more.
            assertThat(delta(before, after, "anshin_outbox_deliveries_total", "receiver", receiver, "outcome", "acknowledged"))
                    .as("acknowledged by %s", receiver).isGreaterThanOrEqualTo(deliveries);
            assertThat(delta(before, after, "anshin_outbox_deliveries_total", "receiver", receiver, "outcome", "failed"))
                    .as("refused by %s", receiver).isGreaterThanOrEqualTo(FlakyReceivers.FAILURES_PER_EVENT * deliveries);
            assertThat(delta(before, after, "anshin_outbox_retries_total", "receiver", receiver))
                    .as("sent again to %s", receiver).isGreaterThanOrEqualTo(FlakyReceivers.FAILURES_PER_EVENT * deliveries);
        }
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
