package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticationRejectReason;
import dev.anshin.api.cardcontrol.v1.ChallengeMethod;
import dev.anshin.api.cardcontrol.v1.ChallengeState;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.ListAuthenticationChallengesRequest;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeRequest;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeResponse;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.cardcontrol.threeds.service.AuthenticationCodes;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * SMS one-time-code challenges (3-D Secure): 6 digits, 5 minutes, 3 tries, submitted by the directory server's ACS
 * page; the code never stored, in clear or otherwise. The code a test types is the one the relay would send (derived
 * under the test profile's key, as the relay derives it).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class SmsChallengeTest extends CardTestSupport {

    @Inject
    AuthenticationCodes codes;

    /** A 50,000-yen purchase from a new browser (a challenge), asked as an SMS challenge. */
    AuthenticateResponse smsChallenge(Cardholder h) {
        AuthenticateResponse response = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "browser-" + UUID.randomUUID())
                .setChallengeMethod(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, response.getStatus());
        assertEquals(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE, response.getChallengeMethod());
        return response;
    }

    String codeOf(AuthenticateResponse challenge) {
        return codes.derive(codes.activeKeyId(), challenge.getAcsTransactionId());
    }

    /** A code that is not the challenge's. */
    String wrongCode(AuthenticateResponse challenge) {
        String right = codeOf(challenge);
        return right.equals("000000") ? "000001" : "000000";
    }

    SubmitAuthenticationCodeResponse submit(AuthenticateResponse challenge, String code) {
        return ds().stub().submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder()
                .setAcsTransactionId(challenge.getAcsTransactionId()).setCode(code).build());
    }

    @Test
    void theRightCodeAuthenticatesThePurchase() {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = smsChallenge(h);

        SubmitAuthenticationCodeResponse answered = submit(challenge, codeOf(challenge));

        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, answered.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_APPROVED, answered.getChallengeState());
        assertFalse(answered.getAuthenticationValue().isEmpty());
        var result = ds().stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(challenge.getAcsTransactionId()).build());
        assertEquals(answered.getAuthenticationValue(), result.getAuthenticationValue());
    }

    @Test
    void aWrongCodeUsesOneTryAndLeavesTheChallengePending() {
        AuthenticateResponse challenge = smsChallenge(cardholder());

        SubmitAuthenticationCodeResponse wrong = submit(challenge, wrongCode(challenge));

        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, wrong.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_PENDING, wrong.getChallengeState());
        assertEquals(2, wrong.getTriesLeft());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, submit(challenge, codeOf(challenge)).getStatus(),
                "the right code still works on the second try");
    }

    @Test
    void aThirdWrongCodeFailsTheChallenge() {
        AuthenticateResponse challenge = smsChallenge(cardholder());
        submit(challenge, wrongCode(challenge));
        assertEquals(1, submit(challenge, wrongCode(challenge)).getTriesLeft());

        SubmitAuthenticationCodeResponse third = submit(challenge, wrongCode(challenge));

        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, third.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_FAILED, third.getChallengeState());
        assertEquals(AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CHALLENGE_FAILED, third.getRejectReason());
        assertEquals(0, third.getTriesLeft());
        var e = assertThrows(StatusRuntimeException.class, () -> submit(challenge, codeOf(challenge)));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("CHALLENGE_ALREADY_ANSWERED", ErrorDetails.reason(e), "even the right code is refused once it failed");
        assertEquals(ChallengeState.CHALLENGE_STATE_FAILED, ds().stub().getAuthenticationResult(GetAuthenticationResultRequest
                .newBuilder().setAcsTransactionId(challenge.getAcsTransactionId()).build()).getChallengeState());
    }

    @Test
    void aCodeAfterFiveMinutesIsRefused() {
        AuthenticateResponse challenge = smsChallenge(cardholder());
        assertEquals(300, challenge.getChallengeExpiresAt().getSeconds() - queryLong(
                "SELECT UNIX_TIMESTAMP(requested_at) FROM cardholder_authentication WHERE acs_transaction_id = ?",
                challenge.getAcsTransactionId()), "a code is valid for five minutes");
        // Its five minutes have passed.
        update("UPDATE cardholder_authentication SET challenge_expires_at = requested_at WHERE acs_transaction_id = ?",
                challenge.getAcsTransactionId());

        var e = assertThrows(StatusRuntimeException.class, () -> submit(challenge, codeOf(challenge)));

        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("CHALLENGE_EXPIRED", ErrorDetails.reason(e));
        var result = ds().stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(challenge.getAcsTransactionId()).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, result.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_EXPIRED, result.getChallengeState());
    }

    @Test
    void aMalformedCodeIsRefusedWithoutUsingATry() {
        AuthenticateResponse challenge = smsChallenge(cardholder());

        for (String malformed : List.of("", "12345", "1234567", "12a456", "１２３４５６")) {
            var e = assertThrows(StatusRuntimeException.class, () -> submit(challenge, malformed));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        }

        assertEquals(2, submit(challenge, wrongCode(challenge)).getTriesLeft(), "none of them used a try");
    }

    @Test
    void anSmsChallengeIsNeitherListedNorAnsweredInTheApp() {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = smsChallenge(h);

        assertThat(ds().app(h.member()).listAuthenticationChallenges(ListAuthenticationChallengesRequest.getDefaultInstance())
                .getChallengesList()).isEmpty();
        var e = assertThrows(StatusRuntimeException.class, () -> ds().app(h.member()).answerAuthenticationChallenge(
                AnswerAuthenticationChallengeRequest.newBuilder().setId(challenge.getAcsTransactionId()).setApprove(true).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void anInAppChallengeTakesNoCode() {
        Cardholder h = cardholder();
        AuthenticateResponse inApp = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID()).build());
        assertEquals(ChallengeMethod.CHALLENGE_METHOD_IN_APP, inApp.getChallengeMethod());

        var e = assertThrows(StatusRuntimeException.class, () -> submit(inApp, codeOf(inApp)));

        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("AUTHENTICATION_CHALLENGE_NOT_FOUND", ErrorDetails.reason(e));
    }

    @Test
    void onlyTheDirectoryServerSubmitsCodes() {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = smsChallenge(h);

        var e = assertThrows(StatusRuntimeException.class, () -> ds().stub(Tokens.member(h.member()))
                .submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder()
                        .setAcsTransactionId(challenge.getAcsTransactionId()).setCode(codeOf(challenge)).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    }

    @Test
    void theSmsIsAskedOfNotificationsInTheChallengesTransactionWithoutTheCode() throws Exception {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = smsChallenge(h);

        byte[] payload = queryBytes("SELECT payload FROM outbox_event WHERE event_type = 'NOTIFICATION_AUTHENTICATION_CODE'"
                + " AND event_id = ?", challenge.getAcsTransactionId());
        SendAuthenticationCodeRequest stored = SendAuthenticationCodeRequest.parseFrom(payload);
        assertEquals(challenge.getAcsTransactionId(), stored.getChallengeId());
        assertEquals(h.member(), stored.getMemberId().getValue());
        assertEquals(50_000, stored.getAmount().getAmount());
        assertEquals(challenge.getChallengeExpiresAt(), stored.getExpiresAt());
        assertTrue(stored.getCode().isEmpty(), "the relay derives the code when it sends; the row never holds it");
    }

    @Test
    void aCodeIsNeverStoredInClear() throws SQLException {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AuthenticateResponse challenge = smsChallenge(cardholder());
            sent.add(codeOf(challenge));
            submit(challenge, wrongCode(challenge));
            if (i == 0) {
                submit(challenge, codeOf(challenge));
            }
        }

        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            for (String[] column : columns) {
                try (ResultSet rows = statement.executeQuery("SELECT `" + column[1] + "` FROM `" + column[0] + "`")) {
                    while (rows.next()) {
                        byte[] value = rows.getBytes(1);
                        if (value == null) {
                            continue;
                        }
                        String text = new String(value, StandardCharsets.ISO_8859_1);
                        for (String code : sent) {
                            if (text.contains(code)) {
                                found.add(column[0] + "." + column[1]);
                            }
                        }
                    }
                }
            }
        }
        assertThat(found).as("columns holding a one-time code").isEmpty();
    }
}
