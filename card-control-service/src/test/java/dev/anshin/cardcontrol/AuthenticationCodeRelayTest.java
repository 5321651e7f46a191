package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticationRejectReason;
import dev.anshin.api.cardcontrol.v1.ChallengeMethod;
import dev.anshin.api.cardcontrol.v1.ChallengeState;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultResponse;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeRequest;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * An SMS challenge's code reaches notification-service through the outbox relay (an in-test receiver here): sent
 * with the code the challenge accepts, retried after a refusal, acknowledged once; a member with no phone fails the
 * challenge at once.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = CodeReceiver.class, restrictToAnnotatedClass = true)
class AuthenticationCodeRelayTest extends CardTestSupport {

    AuthenticateResponse smsChallenge(Cardholder h) {
        return ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID())
                .setChallengeMethod(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE).build());
    }

    long undelivered(String challengeId) {
        return queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_AUTHENTICATION_CODE'"
                + " AND event_id = ? AND delivered_at IS NULL", challengeId);
    }

    void awaitDelivered(String challengeId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (undelivered(challengeId) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(0, undelivered(challengeId), "the relay delivered the code's event");
    }

    @Test
    void theRelaySendsTheCodeTheChallengeAcceptsOnceThroughARefusal() throws InterruptedException {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = smsChallenge(h);

        awaitDelivered(challenge.getAcsTransactionId());

        String sms = CodeReceiver.codes.get(challenge.getAcsTransactionId());
        assertNotNull(sms, "the receiver got the code");
        assertEquals(6, sms.length());
        assertEquals(2, CodeReceiver.calls.get(challenge.getAcsTransactionId()).get(), "refused once, then acknowledged");
        var answered = ds().stub().submitAuthenticationCode(SubmitAuthenticationCodeRequest.newBuilder()
                .setAcsTransactionId(challenge.getAcsTransactionId()).setCode(sms).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, answered.getStatus());
        Thread.sleep(600); // more than a poll interval: nothing is sent again
        assertEquals(2, CodeReceiver.calls.get(challenge.getAcsTransactionId()).get());
    }

    @Test
    void aCodeNotificationsCannotSendFailsTheChallengeWithoutHoldingTheCard() throws InterruptedException {
        Cardholder h = cardholder();
        CodeReceiver.noPhone.add(h.member());
        AuthenticateResponse challenge = smsChallenge(h);

        awaitDelivered(challenge.getAcsTransactionId());

        GetAuthenticationResultResponse result = ds().stub().getAuthenticationResult(GetAuthenticationResultRequest
                .newBuilder().setAcsTransactionId(challenge.getAcsTransactionId()).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, result.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_FAILED, result.getChallengeState());
        assertEquals(AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CHALLENGE_FAILED, result.getRejectReason());
        assertNull(queryString("SELECT challenge_refused_at FROM card WHERE id = ?", h.card().getId().getValue()),
                "no phone on file is not the cardholder refusing: not a fraud-rule signal");
    }

    @Test
    void aChallengeNoLongerPendingIsNotSentAtAll() throws InterruptedException {
        Cardholder h = cardholder();
        // Written while the relay cannot see it yet: expired before its first delivery (the receiver was down for its five minutes).
        AuthenticateResponse challenge = smsChallenge(h);
        update("UPDATE cardholder_authentication SET challenge_expires_at = requested_at WHERE acs_transaction_id = ?",
                challenge.getAcsTransactionId());

        awaitDelivered(challenge.getAcsTransactionId());

        assertNull(CodeReceiver.codes.get(challenge.getAcsTransactionId()), "a useless code is never sent");
    }
}
