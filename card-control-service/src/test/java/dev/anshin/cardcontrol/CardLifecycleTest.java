package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsRequest;
import dev.anshin.api.cardcontrol.v1.ListCardsRequest;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CardLifecycleTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    DataSource dataSource;

    static CardControlClient client;

    @BeforeAll
    static void noClientYet() {
        client = null;
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    CardControlClient client() {
        if (client == null) {
            client = new CardControlClient(baseUri);
        }
        return client;
    }

    @Test
    void memberListsOnlyTheirOwnCardsMaskedWithoutFullNumber() {
        String hanako = CardControlClient.newMemberId();
        String taro = CardControlClient.newMemberId();
        Card visa = client().issueCard(hanako, CardBrand.CARD_BRAND_VISA, false, 500_000);
        Card numberless = client().issueCard(hanako, CardBrand.CARD_BRAND_JCB, true, 500_000);
        client().issueCard(taro, CardBrand.CARD_BRAND_MASTERCARD, false, 300_000);

        var cards = client().as(Tokens.member(hanako)).listCards(ListCardsRequest.getDefaultInstance()).getCardsList();

        assertThat(cards).extracting(c -> c.getId().getValue())
                .containsExactlyInAnyOrder(visa.getId().getValue(), numberless.getId().getValue());
        for (Card card : cards) {
            assertThat(card.getLast4()).matches("\\d{4}");
            assertEquals(CardState.CARD_STATE_ACTIVE, card.getState());
            assertEquals(500_000, card.getUsableLimit().getAmount());
            assertTrue(card.getExpiry().getYear() >= 2030);
            // Nothing in the message is longer than the last four digits of the number.
            assertThat(card.toString()).doesNotContainPattern("\\d{13,19}");
        }
        assertThat(cards).filteredOn(Card::getNumberless).hasSize(1);
    }

    @Test
    void suspendStopsAnActiveCardAndRecordsWhoWhenAndWhyInTheDatabase() throws SQLException {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);

        var response = client().as(Tokens.member(member)).suspendCard(SuspendCardRequest.newBuilder()
                .setCardId(card.getId()).setComment("left it at the office").build());

        assertTrue(response.getChanged());
        assertEquals(CardState.CARD_STATE_SUSPENDED, response.getCard().getState());
        assertEquals("SUSPENDED", stateInDatabase(card.getId().getValue()));
        var history = client().as(Tokens.member(member)).listCardTransitions(ListCardTransitionsRequest.newBuilder()
                .setCardId(card.getId()).build()).getTransitionsList();
        var latest = history.get(0);
        assertEquals(TransitionReason.TRANSITION_REASON_TEMPORARY_STOP, latest.getReason());
        assertEquals(CardState.CARD_STATE_ACTIVE, latest.getFromState());
        assertEquals(CardState.CARD_STATE_SUSPENDED, latest.getToState());
        assertEquals(ActorKind.ACTOR_KIND_MEMBER, latest.getActor().getKind());
        assertEquals(member, latest.getActor().getId());
        assertEquals("left it at the office", latest.getComment());
        assertTrue(latest.getOccurredAt().getSeconds() > 0);
    }

    @Test
    void repeatingASuspensionIsANoOpNotAnError() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        var stub = client().as(Tokens.member(member));
        stub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());

        var again = stub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());

        assertFalse(again.getChanged());
        assertEquals(CardState.CARD_STATE_SUSPENDED, again.getCard().getState());
        assertEquals(2, historyOf(member, card.getId()).size(), "issued + one stop, no entry for the no-op");
    }

    @Test
    void resumeMakesASuspendedCardActiveAtOnceAndResumingAnActiveCardIsANoOp() {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_MASTERCARD, false, 400_000);
        var stub = client().as(Tokens.member(member));
        stub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build());

        var resumed = stub.resumeCard(ResumeCardRequest.newBuilder().setCardId(card.getId()).build());
        var again = stub.resumeCard(ResumeCardRequest.newBuilder().setCardId(card.getId()).build());

        assertTrue(resumed.getChanged());
        assertEquals(CardState.CARD_STATE_ACTIVE, resumed.getCard().getState());
        assertFalse(again.getChanged());
        assertEquals(TransitionReason.TRANSITION_REASON_RESUMED, historyOf(member, card.getId()).get(0).getReason());
    }

    @Test
    void anotherMembersCardIsNotFoundAndStaysUnchanged() throws SQLException {
        String owner = CardControlClient.newMemberId();
        String stranger = CardControlClient.newMemberId();
        Card card = client().issueCard(owner, CardBrand.CARD_BRAND_VISA, false, 400_000);
        var strangerStub = client().as(Tokens.member(stranger));

        var get = assertThrows(StatusRuntimeException.class,
                () -> strangerStub.getCard(GetCardRequest.newBuilder().setCardId(card.getId()).build()));
        var suspend = assertThrows(StatusRuntimeException.class,
                () -> strangerStub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build()));

        assertEquals(Status.Code.NOT_FOUND, get.getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, suspend.getStatus().getCode());
        assertEquals("CARD_NOT_FOUND", ErrorDetails.reason(get));
        assertEquals("CARD_NOT_FOUND", ErrorDetails.reason(suspend));
        assertEquals("ACTIVE", stateInDatabase(card.getId().getValue()));
    }

    @Test
    void callWithoutATokenIsUnauthenticated() {
        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().anonymous().listCards(ListCardsRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
    }

    @Test
    void callWithAForgedTokenIsUnauthenticated() {
        String valid = Tokens.member(CardControlClient.newMemberId());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().as(forged).listCards(ListCardsRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
    }

    @Test
    void aTokenWithoutTheIssuerRoleCannotIssueCards() {
        String member = CardControlClient.newMemberId();
        var failure = assertThrows(StatusRuntimeException.class, () -> client().as(Tokens.member(member))
                .issueCard(dev.anshin.api.cardcontrol.v1.IssueCardRequest.newBuilder()
                        .setMemberId(dev.anshin.api.common.v1.MemberId.newBuilder().setValue(member))
                        .setBrand(CardBrand.CARD_BRAND_VISA).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode());
    }

    @Test
    void anEmptyCardIdIsInvalidArgument() {
        var failure = assertThrows(StatusRuntimeException.class, () -> client().as(Tokens.member("someone"))
                .suspendCard(SuspendCardRequest.getDefaultInstance()));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
    }

    @Test
    void aCommentHoldingACardNumberIsRefusedAndChangesNothing() throws SQLException {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);

        var failure = assertThrows(StatusRuntimeException.class, () -> client().as(Tokens.member(member))
                .suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId())
                        .setComment("my number is 4111 1111 1111 1111").build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertThat(failure.getStatus().getDescription()).doesNotContain("4111");
        assertEquals("ACTIVE", stateInDatabase(card.getId().getValue()));
    }

    private java.util.List<dev.anshin.api.cardcontrol.v1.CardTransition> historyOf(String member, CardId cardId) {
        return client().as(Tokens.member(member)).listCardTransitions(ListCardTransitionsRequest.newBuilder()
                .setCardId(cardId).build()).getTransitionsList();
    }

    private String stateInDatabase(String cardId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT state FROM card WHERE id = ?")) {
            query.setString(1, cardId);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "card row exists");
                return rows.getString(1);
            }
        }
    }
}
