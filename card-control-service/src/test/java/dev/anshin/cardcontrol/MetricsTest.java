package dev.anshin.cardcontrol;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.cardcontrol.metrics.OutboxMeters;
import dev.anshin.kit.testing.PrometheusScrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Operators read the service at /q/metrics: Prometheus' text, the domain's anshin_* meters beside the framework's. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MetricsTest extends CardTestSupport {

    private static final String DECISIONS = "anshin_authorization_decisions_total";
    private static final String DECISION_TIMES = "anshin_authorization_decision_duration_seconds_count";
    private static final String TRANSITIONS = "anshin_card_transitions_total";

    @Inject
    OutboxMeters outboxMeters;

    @Test
    void metricsAnswerInPrometheusTextFormatWithoutAToken() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE " + DECISIONS + " counter"))
                .body(containsString("# TYPE anshin_authorization_decision_duration_seconds histogram"))
                .body(containsString("# TYPE " + TRANSITIONS + " counter"))
                .body(containsString("# TYPE anshin_outbox_deliveries_total counter"))
                .body(containsString("# TYPE anshin_outbox_retries_total counter"))
                .body(containsString("# TYPE anshin_outbox_backlog_events gauge"))
                .body(containsString("# TYPE anshin_outbox_oldest_undelivered_age_seconds gauge"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void everyResultReasonKindAndReceiverIsASeriesBeforeItsFirstEvent() {
        PrometheusScrape scrape = PrometheusScrape.now();
        for (dev.anshin.cardcontrol.DeclineReason reason : dev.anshin.cardcontrol.DeclineReason.values()) {
            assertTrue(scrape.has(DECISIONS, "result", "declined", "reason", reason.name()), reason.name());
        }
        assertTrue(scrape.has(DECISIONS, "result", "approved", "reason", "none"));
        for (dev.anshin.cardcontrol.TransitionReason kind : dev.anshin.cardcontrol.TransitionReason.values()) {
            assertTrue(scrape.has(TRANSITIONS, "kind", kind.name()), kind.name());
        }
        for (String receiver : new String[] {"statement-service", "notification-service"}) {
            assertTrue(scrape.has("anshin_outbox_deliveries_total", "receiver", receiver, "outcome", "acknowledged"), receiver);
            assertTrue(scrape.has("anshin_outbox_deliveries_total", "receiver", receiver, "outcome", "failed"), receiver);
            assertTrue(scrape.has("anshin_outbox_retries_total", "receiver", receiver), receiver);
        }
    }

    @Test
    void anApprovalCountsAsApprovedAndItsDecisionIsTimed() {
        String member = CardControlClient.newMemberId();
        PrometheusScrape before = PrometheusScrape.now();

        approvedPurchases(member, CardBrand.CARD_BRAND_VISA, 1, 1_000);

        PrometheusScrape after = PrometheusScrape.now();
        assertEquals(1, after.value(DECISIONS, "result", "approved", "reason", "none")
                - before.value(DECISIONS, "result", "approved", "reason", "none"));
        assertEquals(1, after.value(DECISION_TIMES) - before.value(DECISION_TIMES));
        assertThat(after.value("anshin_authorization_decision_duration_seconds_sum"))
                .isGreaterThan(before.value("anshin_authorization_decision_duration_seconds_sum"));
    }

    @Test
    void aSuspensionCountsAsATemporaryStopAndThePurchaseItDeclinesCountsUnderCardSuspended() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        CardNetwork network = new CardNetwork(client());
        var details = network.detailsOf(member, card);
        PrometheusScrape before = PrometheusScrape.now();

        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());
        AuthorizeRequest purchase = CardNetwork.purchase(details, 1_000).build();
        var answer = network.stub().authorize(purchase);

        assertEquals(Decision.DECISION_DECLINED, answer.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_CARD_SUSPENDED, answer.getDeclineReason());
        PrometheusScrape after = PrometheusScrape.now();
        assertEquals(1, after.value(TRANSITIONS, "kind", "TEMPORARY_STOP") - before.value(TRANSITIONS, "kind", "TEMPORARY_STOP"));
        assertEquals(1, after.value(DECISIONS, "result", "declined", "reason", "CARD_SUSPENDED")
                - before.value(DECISIONS, "result", "declined", "reason", "CARD_SUSPENDED"));
        assertEquals(1, after.value(DECISION_TIMES) - before.value(DECISION_TIMES));
    }

    @Test
    void suspendingACardAlreadySuspendedIsNoTransitionAndCountsNothing() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());
        PrometheusScrape before = PrometheusScrape.now();

        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());

        assertEquals(0, PrometheusScrape.now().value(TRANSITIONS, "kind", "TEMPORARY_STOP")
                - before.value(TRANSITIONS, "kind", "TEMPORARY_STOP"));
    }

    @Test
    void theOutboxBacklogCountsEventsNoReceiverHasAcknowledgedAndAgesTheOldest() {
        // The relay is off in tests: an approval's event waits in the table.
        outboxMeters.refresh();
        double waitingBefore = PrometheusScrape.now().value("anshin_outbox_backlog_events");

        approvedPurchases(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_VISA, 1, 1_000);
        outboxMeters.refresh();

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(after.value("anshin_outbox_backlog_events")).isGreaterThanOrEqualTo(waitingBefore + 1);
        assertThat(after.value("anshin_outbox_oldest_undelivered_age_seconds")).isGreaterThanOrEqualTo(0);
        assertEquals(queryLong("SELECT COUNT(*) FROM outbox_event WHERE delivered_at IS NULL AND event_id <> ?", ""),
                (long) after.value("anshin_outbox_backlog_events"), "the gauge holds what the table held at the read");
    }
}
