package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.cards.Luhn;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class LimitsRevealAndFraudHoldTest extends CardTestSupport {

    // --- usable limit --------------------------------------------------------------------------------------------

    @Test
    void loweringTheUsableLimitAppliesAtOnceAndRaisingBackUpToTheContractLimitToo() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);

        Card lowered = member(member).setUsableLimit(limit(card, 120_000, 0)).getCard();
        Card raised = member(member).setUsableLimit(limit(card, 500_000, 0)).getCard();

        assertEquals(120_000, lowered.getUsableLimit().getAmount());
        assertEquals(500_000, raised.getUsableLimit().getAmount());
        assertEquals(500_000, queryLong("SELECT usable_limit FROM card WHERE id = ?", card.getId().getValue()));
        assertEquals(TransitionReason.TRANSITION_REASON_USABLE_LIMIT_CHANGED, historyOf(member, card.getId()).get(0).getReason());
    }

    @Test
    void askingAboveTheContractLimitRecordsACreditReviewRequestAndChangesNothing() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);

        var response = member(member).setUsableLimit(limit(card, 800_000, 0));

        assertThat(response.getCreditReviewRequestId()).isNotEmpty();
        assertEquals(500_000, response.getCard().getUsableLimit().getAmount());
        assertEquals(card.getVersion(), response.getCard().getVersion(), "the card did not change");
        assertEquals(800_000, queryLong("SELECT requested_amount FROM credit_review_request WHERE id = ?",
                response.getCreditReviewRequestId()));
    }

    @Test
    void aNegativeUsableLimitIsInvalidAndChangesNothing() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);

        var failure = assertThrows(StatusRuntimeException.class, () -> member(member).setUsableLimit(limit(card, -1, 0)));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals(500_000, queryLong("SELECT usable_limit FROM card WHERE id = ?", card.getId().getValue()));
    }

    @Test
    void aStaleExpectedVersionIsRefusedSoConcurrentEditsCannotOverwriteEachOther() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        assertEquals(1, card.getVersion(), "versions count from 1");
        member(member).setUsableLimit(limit(card, 300_000, card.getVersion()));

        var failure = assertThrows(StatusRuntimeException.class,
                () -> member(member).setUsableLimit(limit(card, 200_000, card.getVersion())));

        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("VERSION_MISMATCH", ErrorDetails.reason(failure));
        assertEquals(300_000, queryLong("SELECT usable_limit FROM card WHERE id = ?", card.getId().getValue()));
    }

    // --- numberless reveal ---------------------------------------------------------------------------------------

    @Test
    void aNumberlessCardRevealsItsFullNumberExpiryAndSecurityCodeAndEachRevealIsInItsHistory() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 500_000);

        var credentials = member(member).revealCardCredentials(reveal(card));

        assertTrue(Luhn.isValid(credentials.getCardNumber()));
        assertThat(credentials.getCardNumber()).startsWith("356999").endsWith(card.getLast4()).hasSize(16);
        assertThat(credentials.getSecurityCode()).matches("\\d{3}");
        assertEquals(card.getExpiry(), credentials.getExpiry());
        var latest = historyOf(member, card.getId()).get(0);
        assertEquals(TransitionReason.TRANSITION_REASON_CREDENTIALS_REVEALED, latest.getReason());
        assertEquals(ActorKind.ACTOR_KIND_MEMBER, latest.getActor().getKind());
        assertEquals(card.getVersion(), member(member).getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build())
                .getCard().getVersion(), "a reveal is not an edit of the card");
    }

    @Test
    void atMostFiveRevealsPerCardPerHourThenResourceExhaustedWithWhenToRetry() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 500_000);
        for (int i = 0; i < 5; i++) {
            member(member).revealCardCredentials(reveal(card));
        }

        var failure = assertThrows(StatusRuntimeException.class, () -> member(member).revealCardCredentials(reveal(card)));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, failure.getStatus().getCode());
        assertEquals("REVEAL_LIMIT_REACHED", ErrorDetails.reason(failure));
        assertThat(ErrorDetails.retryAfterSeconds(failure)).isBetween(3000L, 3600L);
        assertEquals(5, historyOf(member, card.getId()).stream()
                .filter(t -> t.getReason() == TransitionReason.TRANSITION_REASON_CREDENTIALS_REVEALED).count());
    }

    @Test
    void aPrintedCardRevealsNothingAndAnotherMembersNumberlessCardIsNotFound() {
        String member = CardControlClient.newMemberId();
        Card printed = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        Card numberless = client().issueCard(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_JCB, true, 500_000);

        var notNumberless = assertThrows(StatusRuntimeException.class, () -> member(member).revealCardCredentials(reveal(printed)));
        var foreign = assertThrows(StatusRuntimeException.class, () -> member(member).revealCardCredentials(reveal(numberless)));

        assertEquals("NOT_NUMBERLESS", ErrorDetails.reason(notNumberless));
        assertEquals(Status.Code.NOT_FOUND, foreign.getStatus().getCode());
    }

    @Test
    void onlyTheMemberCanRevealNotAnOperator() {
        Card card = client().issueCard(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_JCB, true, 500_000);

        var failure = assertThrows(StatusRuntimeException.class, () -> operator().revealCardCredentials(reveal(card)));

        assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode());
    }

    // --- fraud hold ----------------------------------------------------------------------------------------------

    @Test
    void fraudHoldIsPlacedAndReleasedByAnOperatorOrTheFraudEngineAndRecordedWithItsActor() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        var engine = client().as(Tokens.system("velocity-rule", "fraud-engine"));

        var held = engine.placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(card.getId()).setComment("rule V-1").build());
        var again = engine.placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(card.getId()).build());
        var released = operator().releaseFraudHold(ReleaseFraudHoldRequest.newBuilder().setCardId(card.getId()).build());

        assertEquals(CardState.CARD_STATE_FRAUD_HOLD, held.getCard().getState());
        assertFalse(again.getChanged(), "a repeated hold is a no-op");
        assertEquals(CardState.CARD_STATE_ACTIVE, released.getCard().getState());
        var history = historyOf(member, card.getId());
        assertEquals(ActorKind.ACTOR_KIND_OPERATOR, history.get(0).getActor().getKind());
        assertEquals(ActorKind.ACTOR_KIND_FRAUD_ENGINE, history.get(1).getActor().getKind());
        assertEquals("velocity-rule", history.get(1).getActor().getId());
    }

    @Test
    void theMemberCannotLiftAFraudHoldAndGetsItsOwnCode() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        operator().placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(card.getId()).build());

        var resume = assertThrows(StatusRuntimeException.class,
                () -> member(member).resumeCard(ResumeCardRequest.newBuilder().setCardId(card.getId()).build()));
        var release = assertThrows(StatusRuntimeException.class,
                () -> member(member).releaseFraudHold(ReleaseFraudHoldRequest.newBuilder().setCardId(card.getId()).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, resume.getStatus().getCode());
        assertEquals("FRAUD_HOLD_NOT_MEMBER_LIFTABLE", ErrorDetails.reason(resume));
        assertEquals(Status.Code.PERMISSION_DENIED, release.getStatus().getCode());
        assertEquals("FRAUD_HOLD", stateInDatabase(card.getId().getValue()));
    }

    private static SetUsableLimitRequest limit(Card card, long amount, long expectedVersion) {
        return SetUsableLimitRequest.newBuilder().setCardId(card.getId())
                .setAmount(Yen.newBuilder().setAmount(amount)).setExpectedVersion(expectedVersion).build();
    }

    private static RevealCardCredentialsRequest reveal(Card card) {
        return RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build();
    }
}
