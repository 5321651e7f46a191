package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticationRejectReason;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.ChallengeState;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultResponse;
import dev.anshin.api.cardcontrol.v1.ListAuthenticationChallengesRequest;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.PlaceFraudHoldRequest;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Authenticate (AReq/ARes), challenges answered in the app, and results fetched by the directory server (RReq), on
 * MariaDB. Risk thresholds are the defaults: frictionless under 30,000 yen.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CardholderAuthenticationTest extends CardTestSupport {

    AuthenticateResponse authenticate(AuthenticateRequest request) {
        return ds().stub().authenticate(request);
    }

    /** A device the member has approved a challenge from: the first purchase on it is challenged and approved. */
    String recognisedDevice(Cardholder h) {
        String device = "device-" + UUID.randomUUID();
        AuthenticateResponse first = authenticate(DirectoryServer.areq(h.details(), 1_000, device).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, first.getStatus());
        ds().app(h.member()).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(first.getAcsTransactionId()).setApprove(true).build());
        return device;
    }

    // --- risk: frictionless vs challenge, one factor at a time ---

    @Test
    void aRecognisedDeviceAtADomesticMerchantUnderTheThresholdWithNoFraudRuleIsFrictionless() {
        Cardholder h = cardholder();
        String device = recognisedDevice(h);

        AuthenticateResponse response = authenticate(DirectoryServer.areq(h.details(), 29_999, device).build());

        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, response.getStatus());
        assertThat(response.getAuthenticationValue()).isNotEmpty();
        assertThat(response.getRiskReasonsList()).containsExactly("DEVICE_SEEN_WITH_CHALLENGE", "DOMESTIC_MERCHANT",
                "AMOUNT_UNDER_THRESHOLD", "NO_FRAUD_RULE");
        assertEquals("DEVICE_SEEN_WITH_CHALLENGE,DOMESTIC_MERCHANT,AMOUNT_UNDER_THRESHOLD,NO_FRAUD_RULE",
                queryString("SELECT risk_reasons FROM cardholder_authentication WHERE acs_transaction_id = ?",
                        response.getAcsTransactionId()));
    }

    @Test
    void aDeviceNeverSeenWithAChallengeIsChallenged() {
        Cardholder h = cardholder();
        recognisedDevice(h);

        AuthenticateResponse response = authenticate(DirectoryServer.areq(h.details(), 1_000, "another-device").build());

        assertChallenged(response, "DEVICE_NOT_SEEN_WITH_CHALLENGE");
    }

    @Test
    void aMerchantAbroadIsChallenged() {
        Cardholder h = cardholder();
        String device = recognisedDevice(h);

        AuthenticateResponse response = authenticate(DirectoryServer.areq(h.details(), 1_000, device)
                .setMerchantCountry("US").build());

        assertChallenged(response, "MERCHANT_ABROAD");
    }

    @Test
    void anAmountAtTheThresholdIsChallenged() {
        Cardholder h = cardholder();
        String device = recognisedDevice(h);

        AuthenticateResponse response = authenticate(DirectoryServer.areq(h.details(), 30_000, device).build());

        assertChallenged(response, "AMOUNT_AT_OR_ABOVE_THRESHOLD");
    }

    @Test
    void aFraudRuleHitIsChallenged() {
        Cardholder h = cardholder();
        String device = recognisedDevice(h);
        CardNetwork network = new CardNetwork(client());
        for (int i = 0; i < 5; i++) {
            assertEquals(Decision.DECISION_APPROVED,
                    network.stub().authorize(CardNetwork.purchase(h.details(), 100 + i).build()).getDecision());
        }

        AuthenticateResponse response = authenticate(DirectoryServer.areq(h.details(), 1_000, device).build());

        assertChallenged(response, "FRAUD_RULE_VELOCITY");
    }

    private void assertChallenged(AuthenticateResponse response, String theOneRiskyReason) {
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, response.getStatus());
        assertThat(response.getAuthenticationValue()).isEmpty();
        assertThat(response.getRiskReasonsList()).contains(theOneRiskyReason).hasSize(4);
        assertTrue(response.hasChallengeExpiresAt());
        assertThat(queryString("SELECT risk_reasons FROM cardholder_authentication WHERE acs_transaction_id = ?",
                response.getAcsTransactionId())).contains(theOneRiskyReason);
        assertEquals("PENDING", queryString("SELECT challenge_state FROM cardholder_authentication WHERE acs_transaction_id = ?",
                response.getAcsTransactionId()));
    }

    // --- rejects: one per card state, and unknown details ---

    @Test
    void aSuspendedCardIsRejected() {
        Cardholder h = cardholder();
        member(h.member()).suspendCard(SuspendCardRequest.newBuilder().setCardId(h.card().getId()).build());

        assertRejected(authenticate(DirectoryServer.areq(h.details(), 1_000, "d").build()),
                TransactionStatus.TRANSACTION_STATUS_REJECTED, AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CARD_SUSPENDED);
    }

    @Test
    void aCardOnFraudHoldIsRejected() {
        Cardholder h = cardholder();
        operator().placeFraudHold(PlaceFraudHoldRequest.newBuilder().setCardId(h.card().getId()).build());

        assertRejected(authenticate(DirectoryServer.areq(h.details(), 1_000, "d").build()),
                TransactionStatus.TRANSACTION_STATUS_REJECTED, AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_FRAUD_HOLD);
    }

    @Test
    void aClosedCardIsRejected() {
        Cardholder h = cardholder();
        member(h.member()).reportLoss(ReportLossRequest.newBuilder().setCardId(h.card().getId())
                .setKind(LossKind.LOSS_KIND_LOST).build());

        assertRejected(authenticate(DirectoryServer.areq(h.details(), 1_000, "d").build()),
                TransactionStatus.TRANSACTION_STATUS_REJECTED, AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CARD_CLOSED);
    }

    @Test
    void aReplacementNotYetActivatedIsRejected() {
        Cardholder h = cardholder();
        Card replacement = member(h.member()).requestReissue(RequestReissueRequest.newBuilder().setCardId(h.card().getId())
                .setReason(ReissueReason.REISSUE_REASON_EXPIRING).build()).getReplacement();

        assertRejected(authenticate(DirectoryServer.areq(h.details(), 1_000, "d").setExpiry(replacement.getExpiry()).build()),
                TransactionStatus.TRANSACTION_STATUS_REJECTED, AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CARD_NOT_ACTIVATED);
    }

    @Test
    void invalidCardDetailsAreNotAuthenticated() {
        Cardholder h = cardholder();
        YearMonth wrongExpiry = h.details().getExpiry().toBuilder().setYear(h.details().getExpiry().getYear() + 1).build();

        assertRejected(authenticate(DirectoryServer.areq(h.details(), 1_000, "d").setExpiry(wrongExpiry).build()),
                TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_INVALID_CARD_DETAILS);
    }

    private void assertRejected(AuthenticateResponse response, TransactionStatus status, AuthenticationRejectReason reason) {
        assertEquals(status, response.getStatus());
        assertEquals(reason, response.getRejectReason());
        assertThat(response.getAuthenticationValue()).isEmpty();
        assertEquals(reason.name().replace("AUTHENTICATION_REJECT_REASON_", ""), queryString(
                "SELECT reject_reason FROM cardholder_authentication WHERE acs_transaction_id = ?", response.getAcsTransactionId()));
    }

    // --- challenges in the app, results for the directory server ---

    @Test
    void anApprovedChallengeIsAuthenticatedWithAValueAndTheDirectoryServerFetchesIt() {
        Cardholder h = cardholder();
        AuthenticateResponse challenged = authenticate(DirectoryServer.areq(h.details(), 50_000, "phone-1").build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED,
                result(challenged.getAcsTransactionId()).getStatus());

        var pending = ds().app(h.member()).listAuthenticationChallenges(ListAuthenticationChallengesRequest.getDefaultInstance());
        assertThat(pending.getChallengesList()).singleElement().satisfies(c -> {
            assertEquals(challenged.getAcsTransactionId(), c.getId());
            assertEquals(50_000, c.getAmount().getAmount());
            assertEquals("アンシン書店 オンライン", c.getMerchantName());
            assertEquals(h.card().getId(), c.getCardId());
        });
        var answered = answer(h.member(), challenged.getAcsTransactionId(), true);

        assertEquals(ChallengeState.CHALLENGE_STATE_APPROVED, answered.getState());
        GetAuthenticationResultResponse result = result(challenged.getAcsTransactionId());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, result.getStatus());
        assertThat(result.getAuthenticationValue()).isNotEmpty();
        assertThat(ds().app(h.member()).listAuthenticationChallenges(ListAuthenticationChallengesRequest.getDefaultInstance())
                .getChallengesList()).isEmpty();
    }

    @Test
    void aDeniedChallengeIsNotAuthenticatedAndLeavesTheDeviceUnrecognised() {
        Cardholder h = cardholder();
        AuthenticateResponse challenged = authenticate(DirectoryServer.areq(h.details(), 1_000, "phone-2").build());

        answer(h.member(), challenged.getAcsTransactionId(), false);

        GetAuthenticationResultResponse result = result(challenged.getAcsTransactionId());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, result.getStatus());
        assertEquals(AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CHALLENGE_DENIED, result.getRejectReason());
        assertThat(result.getAuthenticationValue()).isEmpty();
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED,
                authenticate(DirectoryServer.areq(h.details(), 1_000, "phone-2").build()).getStatus());
    }

    @Test
    void anAnsweredChallengeCannotBeAnsweredAgain() {
        Cardholder h = cardholder();
        AuthenticateResponse challenged = authenticate(DirectoryServer.areq(h.details(), 1_000, "phone-3").build());
        answer(h.member(), challenged.getAcsTransactionId(), false);

        var e = assertThrows(StatusRuntimeException.class, () -> answer(h.member(), challenged.getAcsTransactionId(), true));

        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("CHALLENGE_ALREADY_ANSWERED", ErrorDetails.reason(e));
        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, result(challenged.getAcsTransactionId()).getStatus());
    }

    @Test
    void anExpiredChallengeCannotBeAnsweredAndEndsNotAuthenticated() {
        Cardholder h = cardholder();
        AuthenticateResponse challenged = authenticate(DirectoryServer.areq(h.details(), 1_000, "phone-4").build());
        // Its five minutes have passed: it expired when it was asked.
        update("UPDATE cardholder_authentication SET challenge_expires_at = requested_at WHERE acs_transaction_id = ?",
                challenged.getAcsTransactionId());

        assertThat(ds().app(h.member()).listAuthenticationChallenges(ListAuthenticationChallengesRequest.getDefaultInstance())
                .getChallengesList()).isEmpty();
        var e = assertThrows(StatusRuntimeException.class, () -> answer(h.member(), challenged.getAcsTransactionId(), true));

        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("CHALLENGE_EXPIRED", ErrorDetails.reason(e));
        GetAuthenticationResultResponse result = result(challenged.getAcsTransactionId());
        assertEquals(ChallengeState.CHALLENGE_STATE_EXPIRED, result.getChallengeState());
        assertEquals(AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CHALLENGE_EXPIRED, result.getRejectReason());
    }

    @Test
    void anotherMembersChallengeIsNotFoundAndUnchanged() {
        Cardholder h = cardholder();
        AuthenticateResponse challenged = authenticate(DirectoryServer.areq(h.details(), 1_000, "phone-5").build());

        var e = assertThrows(StatusRuntimeException.class,
                () -> answer(CardControlClient.newMemberId(), challenged.getAcsTransactionId(), true));

        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("AUTHENTICATION_CHALLENGE_NOT_FOUND", ErrorDetails.reason(e));
        assertEquals(ChallengeState.CHALLENGE_STATE_PENDING, result(challenged.getAcsTransactionId()).getChallengeState());
    }

    // --- who may call, malformed and repeated requests ---

    @Test
    void onlyTheDirectoryServerAuthenticates() {
        Cardholder h = cardholder();
        AuthenticateRequest areq = DirectoryServer.areq(h.details(), 1_000, "d").build();

        var network = assertThrows(StatusRuntimeException.class,
                () -> ds().stub(Tokens.system("card-network-client", "card-network")).authenticate(areq));
        var member = assertThrows(StatusRuntimeException.class, () -> ds().app(h.member()).authenticate(areq));

        assertEquals(Status.Code.PERMISSION_DENIED, network.getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, member.getStatus().getCode());
        assertEquals(0, queryLong("SELECT COUNT(*) FROM cardholder_authentication WHERE ds_transaction_id = ?", areq.getDsTransactionId()));
    }

    @Test
    void aDirectoryServerTransactionIdAskedTwiceIsAlreadyExists() {
        Cardholder h = cardholder();
        AuthenticateRequest areq = DirectoryServer.areq(h.details(), 1_000, "d").build();
        authenticate(areq);

        var e = assertThrows(StatusRuntimeException.class, () -> authenticate(areq));

        assertEquals(Status.Code.ALREADY_EXISTS, e.getStatus().getCode());
    }

    @Test
    void aMalformedRequestIsInvalidArgumentWithoutTheCardNumberAndNothingIsRecorded() {
        Cardholder h = cardholder();
        AuthenticateRequest areq = DirectoryServer.areq(h.details(), 1_000, "d").setCurrency("USD").build();

        var e = assertThrows(StatusRuntimeException.class, () -> authenticate(areq));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertThat(e.getStatus().getDescription()).doesNotContain(h.details().getCardNumber());
        assertEquals(0, queryLong("SELECT COUNT(*) FROM cardholder_authentication WHERE ds_transaction_id = ?", areq.getDsTransactionId()));
    }

    private GetAuthenticationResultResponse result(String acsTransactionId) {
        return ds().stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(acsTransactionId).build());
    }

    private dev.anshin.api.cardcontrol.v1.AuthenticationChallenge answer(String member, String id, boolean approve) {
        return ds().app(member).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(id).setApprove(approve).build()).getChallenge();
    }
}
