package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.ActivateCardRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.kit.testing.ErrorDetails;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class LossAndReissueTest extends CardTestSupport {

    @Test
    void lostCardIsClosedAtOnceAndReplacedWithANewNumberLinkedBothWays() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 400_000);
        String oldNumber = reveal(member, card);

        var outcome = member(member).reportLoss(ReportLossRequest.newBuilder()
                .setCardId(card.getId()).setKind(LossKind.LOSS_KIND_LOST).build());

        Card closed = outcome.getClosedCard();
        Card replacement = outcome.getReplacement();
        assertEquals(CardState.CARD_STATE_CLOSED, closed.getState());
        assertEquals("CLOSED", stateInDatabase(card.getId().getValue()));
        assertEquals(CardState.CARD_STATE_AWAITING_ACTIVATION, replacement.getState());
        assertEquals(replacement.getId(), closed.getReplacedBy());
        assertEquals(card.getId(), replacement.getReplacementFor());
        assertTrue(replacement.getNumberless());
        assertEquals(card.getBrand(), replacement.getBrand());
        member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(replacement.getId()).build());
        String newNumber = reveal(member, replacement);
        assertNotEquals(oldNumber, newNumber, "a new number");
        assertTrue(dev.anshin.kit.cards.Luhn.isValid(newNumber));
        assertEquals(TransitionReason.TRANSITION_REASON_REPORTED_LOST, historyOf(member, card.getId()).get(0).getReason());
    }

    @Test
    void stolenAndCompromisedCardsAreClosedAndReplacedTheSameWay() {
        String member = CardControlClient.newMemberId();
        for (LossKind kind : new LossKind[] { LossKind.LOSS_KIND_STOLEN, LossKind.LOSS_KIND_COMPROMISED }) {
            Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, false, 400_000);

            var outcome = member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId()).setKind(kind).build());

            assertEquals(CardState.CARD_STATE_CLOSED, outcome.getClosedCard().getState());
            assertEquals(CardState.CARD_STATE_AWAITING_ACTIVATION, outcome.getReplacement().getState());
            assertTrue(months(outcome.getReplacement().getExpiry()) > months(card.getExpiry()), "a new, later expiry");
        }
    }

    @Test
    void theCardListShowsEachCardNewestFirstExactlyAsGetCardShowsIt() {
        String member = CardControlClient.newMemberId();
        Card kept = client().issueCard(member, CardBrand.CARD_BRAND_JCB, false, 400_000);
        Card lost = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 400_000);
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(kept.getId()).build());
        var outcome = member(member).reportLoss(ReportLossRequest.newBuilder()
                .setCardId(lost.getId()).setKind(LossKind.LOSS_KIND_LOST).build());

        var listed = member(member).listCards(dev.anshin.api.cardcontrol.v1.ListCardsRequest.getDefaultInstance())
                .getCardsList();

        // The list is read apart from the entities every other RPC maps (CardListing): the same card, field by field.
        assertThat(listed).extracting(c -> c.getId().getValue()).containsExactlyInAnyOrder(kept.getId().getValue(),
                lost.getId().getValue(), outcome.getReplacement().getId().getValue());
        assertThat(listed).containsExactlyElementsOf(listed.stream().map(card -> shown(member, card)).toList());
        // Newest first; cards issued within the same second (MariaDB keeps whole seconds here) by id, highest first.
        assertThat(listed).isSortedAccordingTo(java.util.Comparator
                .comparing((Card c) -> java.time.Instant.ofEpochSecond(c.getIssuedAt().getSeconds(), c.getIssuedAt().getNanos()))
                .thenComparing(c -> c.getId().getValue()).reversed());
        Card replacement = listed.stream().filter(c -> c.getId().equals(outcome.getReplacement().getId())).findFirst().orElseThrow();
        assertEquals(lost.getId(), replacement.getReplacementFor());
    }

    private Card shown(String member, Card card) {
        return member(member).getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build()).getCard();
    }

    @Test
    void reportingTheSameLossTwiceAnswersTheFirstReplacementAndIssuesNoOther() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        var request = ReportLossRequest.newBuilder().setCardId(card.getId()).setKind(LossKind.LOSS_KIND_LOST).build();

        var first = member(member).reportLoss(request);
        var second = member(member).reportLoss(request);

        assertEquals(first.getReplacement().getId(), second.getReplacement().getId());
        assertThat(member(member).listCards(dev.anshin.api.cardcontrol.v1.ListCardsRequest.getDefaultInstance())
                .getCardsList()).hasSize(2);
    }

    @Test
    void aLossReportWithoutAKindIsInvalidAndChangesNothing() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);

        var failure = assertThrows(StatusRuntimeException.class, () -> member(member)
                .reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId()).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals("ACTIVE", stateInDatabase(card.getId().getValue()));
    }

    @Test
    void aClosedCardCanStillBeReadByItsId() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId()).setKind(LossKind.LOSS_KIND_STOLEN).build());

        Card read = member(member).getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build()).getCard();

        assertEquals(CardState.CARD_STATE_CLOSED, read.getState());
        assertTrue(read.hasReplacedBy());
    }

    @Test
    void damagedCardReplacementKeepsTheNumberWithANewExpiryAndTheOldCardKeepsWorkingUntilActivation() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 400_000);
        String number = reveal(member, card);

        var outcome = member(member).requestReissue(RequestReissueRequest.newBuilder()
                .setCardId(card.getId()).setReason(ReissueReason.REISSUE_REASON_DAMAGED).build());

        Card replacement = outcome.getReplacement();
        assertEquals(CardState.CARD_STATE_ACTIVE, outcome.getCard().getState(), "the old card keeps working");
        assertEquals(CardState.CARD_STATE_AWAITING_ACTIVATION, replacement.getState());
        assertEquals(card.getLast4(), replacement.getLast4());
        assertTrue(months(replacement.getExpiry()) > months(card.getExpiry()), "a new, later expiry");
        assertEquals(replacement.getId(), outcome.getCard().getReplacedBy());
        assertEquals(card.getId(), replacement.getReplacementFor());

        var activation = member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(replacement.getId()).build());

        assertEquals(CardState.CARD_STATE_ACTIVE, activation.getCard().getState());
        assertEquals(CardState.CARD_STATE_CLOSED, activation.getClosedCard().getState(), "activation closes the old card");
        assertEquals("CLOSED", stateInDatabase(card.getId().getValue()));
        assertEquals(TransitionReason.TRANSITION_REASON_REPLACED, historyOf(member, card.getId()).get(0).getReason());
        assertEquals(number, reveal(member, replacement), "same number");
    }

    @Test
    void askingForAReissueAgainWhileOneAwaitsActivationAnswersThatOne() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        var request = RequestReissueRequest.newBuilder().setCardId(card.getId()).setReason(ReissueReason.REISSUE_REASON_EXPIRING).build();

        var first = member(member).requestReissue(request);
        var second = member(member).requestReissue(request);

        assertEquals(first.getReplacement().getId(), second.getReplacement().getId());
    }

    @Test
    void reportingALossWhileASameNumberReplacementIsInThePostClosesBoth() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        Card inThePost = member(member).requestReissue(RequestReissueRequest.newBuilder().setCardId(card.getId())
                .setReason(ReissueReason.REISSUE_REASON_DAMAGED).build()).getReplacement();

        var outcome = member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(card.getId())
                .setKind(LossKind.LOSS_KIND_STOLEN).build());

        assertEquals("CLOSED", stateInDatabase(inThePost.getId().getValue()), "the stolen number dies with every card carrying it");
        assertNotEquals(card.getLast4() + card.getExpiry(), outcome.getReplacement().getLast4() + outcome.getReplacement().getExpiry());
    }

    @Test
    void activatingAnActiveCardIsANoOpAndOnlyAReplacementCanBeActivated() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);

        var again = member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(card.getId()).build());
        assertEquals(CardState.CARD_STATE_ACTIVE, again.getCard().getState());
        assertFalse(again.hasClosedCard());

        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());
        var failure = assertThrows(StatusRuntimeException.class,
                () -> member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(card.getId()).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("CARD_NOT_AWAITING_ACTIVATION", ErrorDetails.reason(failure));
    }

    @Test
    void aCardOnFraudHoldCannotBeReissuedAndAClosedOneCannotBeReportedForAnotherReason() {
        String member = CardControlClient.newMemberId();
        Card held = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        operator().placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(held.getId()).build());

        var reissue = assertThrows(StatusRuntimeException.class, () -> member(member).requestReissue(RequestReissueRequest
                .newBuilder().setCardId(held.getId()).setReason(ReissueReason.REISSUE_REASON_DAMAGED).build()));
        assertEquals("CARD_ON_FRAUD_HOLD", ErrorDetails.reason(reissue));

        Card replaced = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        Card replacement = member(member).requestReissue(RequestReissueRequest.newBuilder().setCardId(replaced.getId())
                .setReason(ReissueReason.REISSUE_REASON_EXPIRING).build()).getReplacement();
        member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(replacement.getId()).build());
        var report = assertThrows(StatusRuntimeException.class, () -> member(member).reportLoss(ReportLossRequest
                .newBuilder().setCardId(replaced.getId()).setKind(LossKind.LOSS_KIND_LOST).build()));
        assertEquals("CARD_CLOSED", ErrorDetails.reason(report));
    }

    private static int months(dev.anshin.api.common.v1.YearMonth month) {
        return month.getYear() * 12 + month.getMonth();
    }

    private String reveal(String member, Card card) {
        return member(member).revealCardCredentials(RevealCardCredentialsRequest.newBuilder().setCardId(card.getId()).build())
                .getCardNumber();
    }
}
