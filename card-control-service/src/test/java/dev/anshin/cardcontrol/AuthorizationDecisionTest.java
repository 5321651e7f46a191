package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.TimeZone;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.MessageLite;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import dev.anshin.cardcontrol.service.Outbox;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthorizationDecisionTest extends CardTestSupport {

    @Inject
    OutboxEventRepository outboxEvents;

    CardNetwork network() {
        return new CardNetwork(client());
    }

    AuthorizeResponse authorize(AuthorizeRequest request) {
        return network().stub().authorize(request);
    }

    @Test
    void anApprovalReducesTheAccountsAvailableCreditAndCarriesAnApprovalCode() {
        Cardholder h = cardholder(200_000);

        AuthorizeResponse response = authorize(CardNetwork.purchase(h.details(), 12_340).build());

        assertEquals(Decision.DECISION_APPROVED, response.getDecision());
        assertThat(response.getApprovalCode()).matches("[A-Z0-9]{6}");
        assertEquals(h.card().getId(), response.getCardId());
        assertEquals(12_340, queryLong("SELECT a.outstanding FROM credit_account a JOIN card c ON c.account_id = a.id WHERE c.id = ?",
                h.card().getId().getValue()));
        assertEquals(12_340, queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue()));
    }

    @Test
    void theSameAuthorizationIdAlwaysGetsTheSameDecisionAndIsCountedOnce() {
        Cardholder h = cardholder(200_000);
        AuthorizeRequest request = CardNetwork.purchase(h.details(), 5_000).build();

        AuthorizeResponse first = authorize(request);
        AuthorizeResponse second = authorize(request);

        // The retry is read back from MariaDB, which mysql-connector-j (seeing "5.5.5") stores in whole seconds;
        // on MySQL 8 the microseconds round-trip too.
        assertEquals(first.toBuilder().setDecidedAt(first.getDecidedAt().toBuilder().setNanos(0)).build(),
                second.toBuilder().setDecidedAt(second.getDecidedAt().toBuilder().setNanos(0)).build());
        assertEquals(5_000, queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue()));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ?", request.getAuthorizationId()));
    }

    @Test
    void aDifferentRequestReusingAnAuthorizationIdIsAlreadyExists() {
        Cardholder h = cardholder(200_000);
        AuthorizeRequest request = CardNetwork.purchase(h.details(), 5_000).build();
        authorize(request);

        var failure = assertThrows(StatusRuntimeException.class,
                () -> authorize(request.toBuilder().setAmount(Yen.newBuilder().setAmount(6_000)).build()));

        assertEquals(Status.Code.ALREADY_EXISTS, failure.getStatus().getCode());
    }

    @Test
    void aSuspendedCardIsDeclinedAsSuspended() {
        Cardholder h = cardholder(200_000);
        member(h.member()).suspendCard(SuspendCardRequest.newBuilder().setCardId(h.card().getId()).build());

        assertDeclined(h, DeclineReason.DECLINE_REASON_CARD_SUSPENDED);
    }

    @Test
    void aCardOnFraudHoldIsDeclinedAsFraudHold() {
        Cardholder h = cardholder(200_000);
        operator().placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(h.card().getId()).build());

        assertDeclined(h, DeclineReason.DECLINE_REASON_FRAUD_HOLD);
    }

    @Test
    void aClosedCardIsDeclinedAsClosedAndItsReplacementAsNotActivated() {
        Cardholder h = cardholder(200_000);
        Card replacement = member(h.member()).reportLoss(ReportLossRequest.newBuilder().setCardId(h.card().getId())
                .setKind(LossKind.LOSS_KIND_LOST).build()).getReplacement();

        assertDeclined(h, DeclineReason.DECLINE_REASON_CARD_CLOSED);

        var replacementPurchase = CardNetwork.purchase(h.details(), 1_000).setExpiry(replacement.getExpiry()).build();
        // The replacement has a new number: the old number with the new expiry is no card at all.
        assertEquals(DeclineReason.DECLINE_REASON_INVALID_CARD_DETAILS, authorize(replacementPurchase).getDeclineReason());
    }

    @Test
    void duringASameNumberReissueTheOldExpiryIsApprovedAndTheNewOneWaitsForActivation() {
        Cardholder h = cardholder(200_000);
        Card replacement = member(h.member()).requestReissue(RequestReissueRequest.newBuilder().setCardId(h.card().getId())
                .setReason(ReissueReason.REISSUE_REASON_EXPIRING).build()).getReplacement();

        var old = authorize(CardNetwork.purchase(h.details(), 1_000).build());
        var renewed = authorize(CardNetwork.purchase(h.details(), 1_000).setExpiry(replacement.getExpiry()).build());

        assertEquals(Decision.DECISION_APPROVED, old.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_CARD_NOT_ACTIVATED, renewed.getDeclineReason());
    }

    @Test
    void anUnknownNumberAWrongExpiryOrAWrongSecurityCodeIsDeclinedAsInvalidCardDetails() {
        Cardholder h = cardholder(200_000);
        String wrongCode = h.details().getSecurityCode().equals("000") ? "001" : "000";

        var unknown = authorize(CardNetwork.purchase(h.details(), 1_000).setCardNumber("4111111111111111").build());
        var expiry = authorize(CardNetwork.purchase(h.details(), 1_000)
                .setExpiry(YearMonth.newBuilder().setYear(2040).setMonth(1)).build());
        var code = authorize(CardNetwork.purchase(h.details(), 1_000).setSecurityCode(wrongCode).build());
        var right = authorize(CardNetwork.purchase(h.details(), 1_000).setSecurityCode(h.details().getSecurityCode()).build());

        assertEquals(DeclineReason.DECLINE_REASON_INVALID_CARD_DETAILS, unknown.getDeclineReason());
        assertFalse(unknown.hasCardId(), "an unknown number reveals no card");
        assertEquals(DeclineReason.DECLINE_REASON_INVALID_CARD_DETAILS, expiry.getDeclineReason());
        assertEquals(DeclineReason.DECLINE_REASON_INVALID_CARD_DETAILS, code.getDeclineReason());
        assertEquals(Decision.DECISION_APPROVED, right.getDecision());
    }

    @Test
    void aPurchaseOverTheMembersUsableLimitIsDeclinedAsOverUsableLimit() {
        Cardholder h = cardholder(200_000);
        member(h.member()).setUsableLimit(SetUsableLimitRequest.newBuilder().setCardId(h.card().getId())
                .setAmount(Yen.newBuilder().setAmount(10_000)).build());
        authorize(CardNetwork.purchase(h.details(), 8_000).build());

        var over = authorize(CardNetwork.purchase(h.details(), 2_001).build());
        var exactly = authorize(CardNetwork.purchase(h.details(), 2_000).build());

        assertEquals(DeclineReason.DECLINE_REASON_OVER_USABLE_LIMIT, over.getDeclineReason());
        assertEquals(Decision.DECISION_APPROVED, exactly.getDecision());
    }

    @Test
    void aPurchaseOverTheAccountsAvailableCreditIsDeclinedAsOverAvailableCredit() {
        String member = CardControlClient.newMemberId();
        Card first = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 100_000);
        Card second = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 100_000);
        authorize(CardNetwork.purchase(network().detailsOf(member, first), 80_000).build());

        var response = authorize(CardNetwork.purchase(network().detailsOf(member, second), 30_000).build());

        assertEquals(DeclineReason.DECLINE_REASON_OVER_AVAILABLE_CREDIT, response.getDeclineReason(),
                "the second card is within its own usable limit, but the account has only 20,000 yen left");
    }

    @Test
    void theVelocityRuleDeclinesTheSixthApprovalWithinTenMinutesAsSuspectedFraudAndAsksForConfirmation() {
        Cardholder h = cardholder(500_000);
        for (int i = 0; i < 5; i++) {
            assertEquals(Decision.DECISION_APPROVED, authorize(CardNetwork.purchase(h.details(), 1_000).build()).getDecision());
        }

        AuthorizeRequest sixth = CardNetwork.purchase(h.details(), 1_000).build();
        var response = authorize(sixth);

        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, response.getDeclineReason());
        assertTrue(response.getUsageConfirmationRequested());
        assertEquals("NOTIFICATION_USAGE_CONFIRMATION", queryString(
                "SELECT event_type FROM outbox_event WHERE event_id = ?", sixth.getAuthorizationId()));
    }

    @Test
    void theAmountRulesDeclineLargePurchasesAsSuspectedFraud() {
        Cardholder h = cardholder(1_000_000);

        var large = authorize(CardNetwork.purchase(h.details(), 300_000).build());
        var onlineAbroad = authorize(CardNetwork.purchase(h.details(), 100_000)
                .setChannel(Channel.CHANNEL_ONLINE).setMerchantCountry("US").build());
        var onlineAtHome = authorize(CardNetwork.purchase(h.details(), 100_000).setChannel(Channel.CHANNEL_ONLINE).build());

        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, large.getDeclineReason());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, onlineAbroad.getDeclineReason());
        // Not suspected fraud at home; unauthenticated, it is soft-declined asking for 3-D Secure (AuthenticationAtAuthorizationTest).
        assertEquals(DeclineReason.DECLINE_REASON_AUTHENTICATION_REQUIRED, onlineAtHome.getDeclineReason());
    }

    @Test
    void anApprovalIsHandedOnToStatementsAndNotificationsInItsOwnTransactionAndADeclineIsNot() throws Exception {
        Cardholder h = cardholder(200_000);
        AuthorizeRequest approved = CardNetwork.purchase(h.details(), 3_000).build();
        AuthorizeRequest declined = CardNetwork.purchase(h.details(), 3_000).build();

        authorize(approved);
        member(h.member()).suspendCard(SuspendCardRequest.newBuilder().setCardId(h.card().getId()).build());
        assertEquals(Decision.DECISION_DECLINED, authorize(declined).getDecision());

        assertEquals("APPROVAL", queryString(
                "SELECT GROUP_CONCAT(event_type) FROM outbox_event WHERE event_id = ?", approved.getAuthorizationId()),
                "one event for both receivers: the statement item and the usage notice");
        OutboxEvent event = new OutboxEvent();
        event.type = OutboxEvent.Type.APPROVAL;
        event.payload = queryBytes("SELECT payload FROM outbox_event WHERE event_id = ?", approved.getAuthorizationId());
        List<MessageLite> requests = Outbox.requests(event);
        RecordAuthorizationRequest item = (RecordAuthorizationRequest) requests.get(0);
        NotifyUsageRequest notice = (NotifyUsageRequest) requests.get(1);
        assertEquals(approved.getAuthorizationId(), item.getAuthorizationId());
        assertEquals(3_000, item.getAmount().getAmount());
        assertEquals(approved.getAuthorizationId(), notice.getEventId());
        assertEquals(3_000, notice.getAmount().getAmount());
        assertEquals(h.member(), notice.getMemberId().getValue());
        assertEquals(0, queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_id = ?", declined.getAuthorizationId()));
    }

    @Test
    void decisionTimesAreStoredInUtcAndReadTheSameByEveryPathWhateverTheServersZone() {
        assertEquals("Asia/Tokyo", TimeZone.getDefault().getID(), "the test runs in a zone other than UTC");
        Cardholder h = cardholder(200_000);
        AuthorizeRequest request = CardNetwork.purchase(h.details(), 3_000).build();

        AuthorizeResponse response = authorize(request);

        // Written in plain JDBC: UTC wall-clock time, like every column Hibernate writes.
        assertThat(queryLong("SELECT TIMESTAMPDIFF(SECOND, decided_at, UTC_TIMESTAMP()) FROM card_authorization"
                + " WHERE authorization_id = ?", request.getAuthorizationId())).isBetween(0L, 60L);
        // Read back through Hibernate (the relay's view of the outbox): the instant the network was told.
        Instant createdAt = QuarkusTransaction.requiringNew().call(() -> outboxEvents
                .find("eventId", request.getAuthorizationId()).firstResult().createdAt);
        assertThat(Duration.between(createdAt, Instant.ofEpochSecond(response.getDecidedAt().getSeconds())).abs())
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
        // And a repeat of the request, answered from the stored row, gives the same time.
        assertEquals(response.getDecidedAt().getSeconds(), authorize(request).getDecidedAt().getSeconds(), 1);
    }

    @Test
    void onlyTheCardNetworkMayAskAMemberTokenIsRefused() {
        Cardholder h = cardholder(200_000);
        AuthorizeRequest request = CardNetwork.purchase(h.details(), 1_000).build();

        var member = assertThrows(StatusRuntimeException.class, () -> network().stub(Tokens.member(h.member())).authorize(request));

        assertEquals(Status.Code.PERMISSION_DENIED, member.getStatus().getCode());
        assertEquals(0, queryLong("SELECT COUNT(*) FROM card_authorization WHERE authorization_id = ?", request.getAuthorizationId()));
    }

    @Test
    void anAcceptedCardNetworkTokenIsRefusedOnceExpiredAndAnAlteredCopyOfItIsRefusedMeanwhile() throws Exception {
        Cardholder h = cardholder(200_000);
        Instant expires = Instant.now().plusSeconds(3);
        String token = Tokens.of("card-network-client").roles("card-network")
                .lifetime(Duration.between(Instant.now(), expires)).sign();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("card-network-client", "card-network-clienT").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertEquals(Decision.DECISION_APPROVED,
                network().stub(token).authorize(CardNetwork.purchase(h.details(), 1_000).build()).getDecision());
        var forged = assertThrows(StatusRuntimeException.class,
                () -> network().stub(altered).authorize(CardNetwork.purchase(h.details(), 1_000).build()));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1_500);
        var expired = assertThrows(StatusRuntimeException.class,
                () -> network().stub(token).authorize(CardNetwork.purchase(h.details(), 1_000).build()));

        assertEquals(Status.Code.UNAUTHENTICATED, forged.getStatus().getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, expired.getStatus().getCode());
        assertEquals(1_000, queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue()));
    }

    @Test
    void malformedRequestsAreInvalidArgumentNeverEchoTheNumberAndStoreNothing() {
        Cardholder h = cardholder(200_000);
        AuthorizeRequest good = CardNetwork.purchase(h.details(), 1_000).build();
        AuthorizeRequest[] bad = {
            good.toBuilder().setAmount(Yen.newBuilder().setAmount(0)).build(),
            good.toBuilder().setAmount(Yen.newBuilder().setAmount(-5)).build(),
            good.toBuilder().setCardNumber(h.details().getCardNumber() + "x").build(),
            good.toBuilder().setExpiry(YearMonth.newBuilder().setYear(2030).setMonth(13)).build(),
            good.toBuilder().setAuthorizationId("").build(),
            good.toBuilder().setMerchantCategoryCode("54").build(),
            good.toBuilder().setMerchantCountry("japan").build(),
        };
        for (AuthorizeRequest request : bad) {
            var failure = assertThrows(StatusRuntimeException.class, () -> authorize(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
            assertThat(failure.getStatus().getDescription()).doesNotContain(h.details().getCardNumber());
        }
        assertEquals(0, queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue()));
    }

    private void assertDeclined(Cardholder h, DeclineReason reason) {
        AuthorizeResponse response = authorize(CardNetwork.purchase(h.details(), 1_000).build());
        assertEquals(Decision.DECISION_DECLINED, response.getDecision());
        assertEquals(reason, response.getDeclineReason());
        assertThat(response.getApprovalCode()).isEmpty();
    }
}
