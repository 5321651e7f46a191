package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationResponse;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsResponse;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.cardcontrol.v1.UsageConfirmationOutcome;
import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The member's answers as notification-service relays them (role {@code notification}): a usage confirmation
 * verified lets the held purchase through once within 30 minutes, denied puts the card on fraud hold; "this wasn't
 * me" suspends every active card. Each once per id, however often delivered.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class UsageConfirmationAnswerTest extends CardTestSupport {

    /** 300,000 yen matches the amount rule: held as suspected fraud. */
    static final long HELD_AMOUNT = 300_000;

    record Held(String member, Card card, RevealCardCredentialsResponse details, AuthorizeRequest purchase) {
    }

    CardNetwork network() {
        return new CardNetwork(client());
    }

    CardControlServiceGrpc.CardControlServiceBlockingStub notificationService() {
        return client().as(Tokens.system("notification", "notification"));
    }

    Held heldPurchase() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 1_000_000);
        RevealCardCredentialsResponse details = network().detailsOf(member, card);
        AuthorizeRequest purchase = CardNetwork.purchase(details, HELD_AMOUNT).build();
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, network().stub().authorize(purchase).getDeclineReason());
        return new Held(member, card, details, purchase);
    }

    static RecordUsageConfirmationRequest answer(Held held, String confirmationId, UsageConfirmationOutcome outcome,
            Instant answeredAt) {
        return RecordUsageConfirmationRequest.newBuilder()
                .setConfirmationId(confirmationId)
                .setAuthorizationId(held.purchase().getAuthorizationId())
                .setMemberId(MemberId.newBuilder().setValue(held.member()))
                .setOutcome(outcome)
                .setAnsweredAt(Timestamp.newBuilder().setSeconds(answeredAt.getEpochSecond()))
                .build();
    }

    /** The merchant's retry: a new authorization id, everything else as held. */
    static AuthorizeRequest retry(Held held) {
        return held.purchase().toBuilder().setAuthorizationId("auth-" + UUID.randomUUID()).build();
    }

    @Test
    void aVerifiedConfirmationLetsTheSameMerchantAndAmountThroughWithin30Minutes() {
        Held held = heldPurchase();
        Instant answeredAt = Instant.now().minus(Duration.ofMinutes(29));

        RecordUsageConfirmationResponse recorded = notificationService().recordUsageConfirmation(
                answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED, answeredAt));
        var approved = network().stub().authorize(retry(held));
        var again = network().stub().authorize(retry(held));

        assertEquals(answeredAt.plus(Duration.ofMinutes(30)).getEpochSecond(), recorded.getRetryAllowedUntil().getSeconds());
        assertEquals(CardState.CARD_STATE_ACTIVE, recorded.getCard().getState());
        assertEquals(Decision.DECISION_APPROVED, approved.getDecision(), "the retry the member confirmed goes through");
        assertEquals(HELD_AMOUNT, queryLong("SELECT outstanding FROM card WHERE id = ?", held.card().getId().getValue()));
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, again.getDeclineReason(), "once only");
    }

    @Test
    void aVerifiedConfirmationDoesNotLetADifferentAmountThrough() {
        Held held = heldPurchase();
        notificationService().recordUsageConfirmation(answer(held, "conf-" + UUID.randomUUID(),
                UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED, Instant.now()));

        var moreYen = network().stub().authorize(retry(held).toBuilder()
                .setAmount(Yen.newBuilder().setAmount(HELD_AMOUNT + 1)).build());
        var otherMerchant = network().stub().authorize(retry(held).toBuilder().setMerchantName("ドラッグストア 渋谷店").build());
        var sameAgain = network().stub().authorize(retry(held));

        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, moreYen.getDeclineReason());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, otherMerchant.getDeclineReason());
        assertEquals(Decision.DECISION_APPROVED, sameAgain.getDecision(), "the confirmed purchase itself still passes");
    }

    @Test
    void aVerifiedConfirmationNoLongerLetsTheRetryThroughAfter30Minutes() {
        Held held = heldPurchase();
        notificationService().recordUsageConfirmation(answer(held, "conf-" + UUID.randomUUID(),
                UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED, Instant.now().minus(Duration.ofMinutes(31))));

        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, network().stub().authorize(retry(held)).getDeclineReason());
    }

    @Test
    void aVerifiedConfirmationDeliveredTwiceLetsTheRetryThroughOnlyOnce() {
        Held held = heldPurchase();
        var request = answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED,
                Instant.now());

        var first = notificationService().recordUsageConfirmation(request);
        var second = notificationService().recordUsageConfirmation(request);
        var approved = network().stub().authorize(retry(held));
        var third = notificationService().recordUsageConfirmation(request);
        var held2 = network().stub().authorize(retry(held));

        assertEquals(first.getRetryAllowedUntil(), second.getRetryAllowedUntil());
        assertEquals(first.getRetryAllowedUntil(), third.getRetryAllowedUntil());
        assertEquals(Decision.DECISION_APPROVED, approved.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, held2.getDeclineReason(),
                "a repeated delivery after the retry must not open a second one");
        assertEquals(1, queryLong("SELECT COUNT(*) FROM usage_confirmation_answer WHERE authorization_id = ?",
                held.purchase().getAuthorizationId()));
    }

    @Test
    void aDeniedConfirmationPlacesAFraudHold() {
        Held held = heldPurchase();
        var request = answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED,
                Instant.now());

        var first = notificationService().recordUsageConfirmation(request);
        var second = notificationService().recordUsageConfirmation(request);

        assertTrue(first.getFraudHoldPlaced());
        assertEquals(CardState.CARD_STATE_FRAUD_HOLD, first.getCard().getState());
        assertEquals(first.getFraudHoldPlaced(), second.getFraudHoldPlaced(), "the same answer again answers as the first");
        assertEquals("FRAUD_HOLD", stateInDatabase(held.card().getId().getValue()));
        List<CardTransition> holds = historyOf(held.member(), held.card().getId()).stream()
                .filter(t -> t.getReason() == TransitionReason.TRANSITION_REASON_FRAUD_HOLD_PLACED).toList();
        assertEquals(1, holds.size(), "delivered twice, held once");
        assertEquals(ActorKind.ACTOR_KIND_SYSTEM, holds.get(0).getActor().getKind());
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_CARD_STATUS'"
                + " AND event_id = ?", holds.get(0).getId()), "the member is told (card-status notice)");
        assertEquals(DeclineReason.DECLINE_REASON_FRAUD_HOLD, network().stub().authorize(retry(held)).getDeclineReason());
    }

    @Test
    void aDeniedConfirmationOfACardAlreadyOnHoldChangesNothing() {
        Held held = heldPurchase();
        operatorHold(held);

        var recorded = notificationService().recordUsageConfirmation(answer(held, "conf-" + UUID.randomUUID(),
                UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED, Instant.now()));

        assertFalse(recorded.getFraudHoldPlaced());
        assertEquals(1, historyOf(held.member(), held.card().getId()).stream()
                .filter(t -> t.getReason() == TransitionReason.TRANSITION_REASON_FRAUD_HOLD_PLACED).count());
    }

    private void operatorHold(Held held) {
        client().as(Tokens.system("fraud-engine-client", "fraud-engine")).placeFraudHold(
                dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest.newBuilder().setCardId(held.card().getId())
                        .setComment("rule 7").build());
    }

    @Test
    void aConfirmationIdReusedForAnotherAnswerIsRefused() {
        Held held = heldPurchase();
        String id = "conf-" + UUID.randomUUID();
        notificationService().recordUsageConfirmation(
                answer(held, id, UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED, Instant.now()));

        var failure = assertThrows(StatusRuntimeException.class, () -> notificationService().recordUsageConfirmation(
                answer(held, id, UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED, Instant.now())));

        assertEquals(Status.Code.ALREADY_EXISTS, failure.getStatus().getCode());
        assertEquals("CONFIRMATION_ID_REUSED", ErrorDetails.reason(failure));
        assertEquals("ACTIVE", stateInDatabase(held.card().getId().getValue()), "nothing changed");
    }

    @Test
    void anotherMembersOrAnUnheldAuthorizationIsNotFound() {
        Held held = heldPurchase();
        var approved = network().stub().authorize(CardNetwork.purchase(held.details(), 1_000).build());
        assertEquals(Decision.DECISION_APPROVED, approved.getDecision());

        var otherMember = assertThrows(StatusRuntimeException.class, () -> notificationService().recordUsageConfirmation(
                answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED,
                        Instant.now()).toBuilder().setMemberId(MemberId.newBuilder().setValue("someone-else")).build()));
        var notHeld = assertThrows(StatusRuntimeException.class, () -> notificationService().recordUsageConfirmation(
                answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED,
                        Instant.now()).toBuilder().setAuthorizationId(approved.getAuthorizationId()).build()));

        assertEquals(Status.Code.NOT_FOUND, otherMember.getStatus().getCode());
        assertEquals("AUTHORIZATION_NOT_FOUND", ErrorDetails.reason(otherMember));
        assertEquals(Status.Code.NOT_FOUND, notHeld.getStatus().getCode());
        assertEquals("ACTIVE", stateInDatabase(held.card().getId().getValue()));
    }

    @Test
    void malformedAnswersAreRefusedAndOnlyNotificationServiceMayRecordThem() {
        Held held = heldPurchase();
        var request = answer(held, "conf-" + UUID.randomUUID(), UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED,
                Instant.now());

        var noOutcome = assertThrows(StatusRuntimeException.class, () -> notificationService().recordUsageConfirmation(
                request.toBuilder().clearOutcome().build()));
        var noId = assertThrows(StatusRuntimeException.class, () -> notificationService().recordUsageConfirmation(
                request.toBuilder().clearConfirmationId().build()));
        var asMember = assertThrows(StatusRuntimeException.class, () -> member(held.member()).recordUsageConfirmation(request));
        var asMemberSuspend = assertThrows(StatusRuntimeException.class, () -> member(held.member()).suspendMemberCards(
                SuspendMemberCardsRequest.newBuilder().setReportId("r-" + UUID.randomUUID())
                        .setMemberId(MemberId.newBuilder().setValue(held.member())).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, noOutcome.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, noId.getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, asMember.getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, asMemberSuspend.getStatus().getCode());
        assertEquals("ACTIVE", stateInDatabase(held.card().getId().getValue()));
    }

    @Test
    void notMeSuspendsEveryActiveCardOncePerReport() {
        String member = CardControlClient.newMemberId();
        Card first = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        Card second = client().issueCard(member, CardBrand.CARD_BRAND_JCB, false, 500_000);
        Card stopped = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(stopped.getId()).build());
        Card othersCard = client().issueCard(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_VISA, false, 500_000);
        var request = SuspendMemberCardsRequest.newBuilder().setReportId("report-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member)).build();

        SuspendMemberCardsResponse report = notificationService().suspendMemberCards(request);
        member(member).resumeCard(ResumeCardRequest.newBuilder().setCardId(first.getId()).build());
        SuspendMemberCardsResponse again = notificationService().suspendMemberCards(request);

        assertThat(report.getSuspendedCardsList()).extracting(c -> c.getId().getValue())
                .containsExactlyInAnyOrder(first.getId().getValue(), second.getId().getValue());
        assertThat(again.getSuspendedCardsList()).extracting(c -> c.getId().getValue())
                .containsExactlyInAnyOrder(first.getId().getValue(), second.getId().getValue());
        assertEquals("ACTIVE", stateInDatabase(first.getId().getValue()), "a repeated delivery does not stop it again");
        assertEquals("SUSPENDED", stateInDatabase(second.getId().getValue()));
        assertEquals("ACTIVE", stateInDatabase(othersCard.getId().getValue()));
        CardTransition entry = historyOf(member, second.getId()).get(0);
        assertEquals(TransitionReason.TRANSITION_REASON_MEMBER_REPORTED_NOT_ME, entry.getReason());
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_CARD_STATUS'"
                + " AND event_id = ?", entry.getId()), "each suspended card gets its card-status notice");
        assertEquals(1, historyOf(member, stopped.getId()).stream()
                .filter(t -> t.getReason() == TransitionReason.TRANSITION_REASON_TEMPORARY_STOP).count());
        assertThat(historyOf(member, stopped.getId())).noneMatch(
                t -> t.getReason() == TransitionReason.TRANSITION_REASON_MEMBER_REPORTED_NOT_ME);
    }
}
