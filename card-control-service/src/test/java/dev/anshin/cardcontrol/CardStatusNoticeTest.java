package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.cardcontrol.v1.ActivateCardRequest;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.kit.cards.CardNumberText;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Card-status notices (issue 18): every change of a card's state, and a replacement issued, writes the member's notice
 * to the outbox in the transaction of the change, keyed by the history entry. (The relay's delivery of them is in
 * {@link OutboxRelayTest}.)
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CardStatusNoticeTest extends CardTestSupport {

    @Test
    void everyTransitionWritesAStatusNoticeToTheOutboxInItsTransaction() throws InvalidProtocolBufferException {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 300_000);

        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId(card)).build());
        member(member).resumeCard(ResumeCardRequest.newBuilder().setCardId(cardId(card)).build());
        operator().placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(cardId(card)).build());
        operator().releaseFraudHold(ReleaseFraudHoldRequest.newBuilder().setCardId(cardId(card)).build());
        Card replacement = member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(cardId(card))
                .setKind(LossKind.LOSS_KIND_LOST).build()).getReplacement();
        member(member).activateCard(ActivateCardRequest.newBuilder().setCardId(replacement.getId()).build());

        List<String> notices = new ArrayList<>();
        for (CardTransition entry : oldestFirst(historyOf(member, cardId(card)))) {
            notices.add(describe(entry, member, card));
        }
        for (CardTransition entry : oldestFirst(historyOf(member, cardId(replacement)))) {
            notices.add(describe(entry, member, replacement));
        }
        String old = card.getLast4();
        String fresh = replacement.getLast4();
        assertThat(notices).containsExactly(
                "no notice: ISSUED",
                "SUSPENDED TEMPORARY_STOP " + old,
                "ACTIVE RESUMED " + old,
                "FRAUD_HOLD FRAUD_HOLD_PLACED " + old,
                "ACTIVE FRAUD_HOLD_RELEASED " + old,
                "CLOSED REPORTED_LOST " + old,
                "AWAITING_ACTIVATION ISSUED " + fresh,
                "ACTIVE ACTIVATED " + fresh);
    }

    @Test
    void entriesThatChangeNoStateAndAFirstCardsIssueAreNotAnnounced() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 300_000);
        member(member).setUsableLimit(SetUsableLimitRequest.newBuilder().setCardId(cardId(card))
                .setAmount(Yen.newBuilder().setAmount(100_000)).build());
        // Suspending twice: the second is a no-op and writes nothing.
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId(card)).build());
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId(card)).build());

        List<CardTransition> history = historyOf(member, cardId(card));
        assertEquals(3, history.size(), "issued, limit changed, suspended");
        assertEquals(1, statusNoticesOfCard(card), "only the suspension is announced");
        CardTransition suspension = history.get(0);
        assertEquals(TransitionReason.TRANSITION_REASON_TEMPORARY_STOP, suspension.getReason());
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_CARD_STATUS'"
                + " AND event_id = ?", suspension.getId()));
    }

    @Test
    void aRefusedTransitionWritesNoNotice() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 300_000);
        member(member).reportLoss(ReportLossRequest.newBuilder().setCardId(cardId(card)).setKind(LossKind.LOSS_KIND_STOLEN).build());
        long before = statusNoticesOfCard(card);

        assertThrows(StatusRuntimeException.class,
                () -> member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId(card)).build()));

        assertEquals(before, statusNoticesOfCard(card), "nothing changed, nothing announced");
    }

    @Test
    void aStatusNoticeCarriesNoCardNumber() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 300_000);
        member(member).suspendCard(SuspendCardRequest.newBuilder().setCardId(cardId(card)).build());

        byte[] payload = queryBytes("SELECT payload FROM outbox_event WHERE event_type = 'NOTIFICATION_CARD_STATUS'"
                + " AND event_id = ?", historyOf(member, cardId(card)).get(0).getId());
        assertThat(CardNumberText.containsCardNumber(new String(payload, StandardCharsets.ISO_8859_1))).isFalse();
    }

    /** The entry's notice as "NEW_STATE REASON LAST4", or "no notice: REASON". */
    private String describe(CardTransition entry, String member, Card card) throws InvalidProtocolBufferException {
        byte[] payload = queryBytes("SELECT payload FROM outbox_event WHERE event_type = 'NOTIFICATION_CARD_STATUS'"
                + " AND event_id = ?", entry.getId());
        if (payload == null) {
            return "no notice: " + entry.getReason().name().substring("TRANSITION_REASON_".length());
        }
        NotifyCardStatusChangeRequest notice = NotifyCardStatusChangeRequest.parseFrom(payload);
        assertEquals(entry.getId(), notice.getEventId());
        assertEquals(entry.getOccurredAt().getSeconds(), notice.getOccurredAt().getSeconds());
        assertEquals(member, notice.getMemberId().getValue());
        assertEquals(card.getId().getValue(), notice.getCardId().getValue());
        return notice.getNewState() + " " + notice.getReason() + " " + notice.getCardLast4();
    }

    private long statusNoticesOfCard(Card card) {
        return queryLong("SELECT COUNT(*) FROM outbox_event e JOIN card_transition t ON t.id = e.event_id"
                + " WHERE e.event_type = 'NOTIFICATION_CARD_STATUS' AND t.card_id = ?", card.getId().getValue());
    }

    private static dev.anshin.api.common.v1.CardId cardId(Card card) {
        return card.getId();
    }

    /** The history oldest first (it is listed newest first). */
    private static List<CardTransition> oldestFirst(List<CardTransition> history) {
        List<CardTransition> oldestFirst = new ArrayList<>(history);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
