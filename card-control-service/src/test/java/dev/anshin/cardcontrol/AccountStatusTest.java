package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusRequest;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * GetAccountStatus: the account's end date the credit bureaus' retention dates count from (consent-service's bureau
 * dates, role {@code account-status} only): the day in Japan the last card closed, once every card is closed.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AccountStatusTest extends CardTestSupport {

    private GetAccountStatusResponse status(String member) {
        return client().as(Tokens.system("consent", "account-status")).getAccountStatus(GetAccountStatusRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member)).build());
    }

    /** Closes the card as a cancellation would (no RPC cancels a contract yet): its state and its history entry. */
    private void closedAt(Card card, String utc) {
        update("UPDATE card SET state = 'CLOSED' WHERE id = ?", card.getId().getValue());
        update("INSERT INTO card_transition (id, card_id, sequence_no, from_state, to_state, reason, actor_kind, actor_id, "
                + "occurred_at) VALUES (?, ?, 99, 'ACTIVE', 'CLOSED', 'REPORTED_LOST', 'OPERATOR', 'operator-sato', ?)",
                UUID.randomUUID().toString(), card.getId().getValue(), utc);
    }

    @Test
    void aMemberWithoutAnAccountHasNone() {
        GetAccountStatusResponse status = status(CardControlClient.newMemberId());

        assertFalse(status.getExists());
        assertFalse(status.hasEndedOn());
    }

    @Test
    void anAccountWithACardStillOpenLives() {
        String member = CardControlClient.newMemberId();
        Card closed = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        client().issueCard(member, CardBrand.CARD_BRAND_JCB, false, 500_000);
        closedAt(closed, "2024-02-29 15:30:00");

        GetAccountStatusResponse status = status(member);

        assertTrue(status.getExists());
        assertFalse(status.hasEndedOn(), "one card is still active");
    }

    @Test
    void anAccountEndsOnTheDayInJapanItsLastCardClosed() {
        String member = CardControlClient.newMemberId();
        Card first = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 500_000);
        Card last = client().issueCard(member, CardBrand.CARD_BRAND_JCB, false, 500_000);
        closedAt(first, "2023-11-20 03:00:00");
        closedAt(last, "2024-02-29 15:30:00");

        GetAccountStatusResponse status = status(member);

        assertTrue(status.getExists());
        assertEquals(CalendarDate.newBuilder().setYear(2024).setMonth(3).setDay(1).build(), status.getEndedOn(),
                "15:30 UTC on 02-29 is 03-01 in Japan");
    }

    @Test
    void onlyTheAccountStatusRoleMayAsk() {
        String member = CardControlClient.newMemberId();
        for (String token : List.of(Tokens.member(member), Tokens.operator("operator-sato"),
                Tokens.system("consent", "privacy-export"), Tokens.system("notification", "notification"))) {
            var refused = assertThrows(StatusRuntimeException.class, () -> client().as(token).getAccountStatus(
                    GetAccountStatusRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member)).build()));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
    }
}
