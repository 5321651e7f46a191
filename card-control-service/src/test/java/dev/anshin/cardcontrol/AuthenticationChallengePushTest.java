package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.ChallengeMethod;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.kit.cards.CardNumberText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * An in-app 3-D Secure challenge prompts the member by push: its outbox event is written in the challenge's
 * transaction and the relay delivers it to notification-service (an in-test receiver that refuses each challenge's
 * first call) once, with what the member's history shows and nothing that answers the challenge.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = CodeReceiver.class, restrictToAnnotatedClass = true)
class AuthenticationChallengePushTest extends CardTestSupport {

    /** A 50,000-yen purchase from a browser never seen: a challenge, in the app (the default method). */
    AuthenticateResponse inAppChallenge(Cardholder h) {
        AuthenticateResponse challenge = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID()).build());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, challenge.getStatus());
        assertEquals(ChallengeMethod.CHALLENGE_METHOD_IN_APP, challenge.getChallengeMethod());
        return challenge;
    }

    long pushEvents(String challengeId) {
        return queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_AUTHENTICATION_CHALLENGE'"
                + " AND event_id = ?", challengeId);
    }

    long undelivered(String challengeId) {
        return queryLong("SELECT COUNT(*) FROM outbox_event WHERE event_type = 'NOTIFICATION_AUTHENTICATION_CHALLENGE'"
                + " AND event_id = ? AND delivered_at IS NULL", challengeId);
    }

    void awaitDelivered(String challengeId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (undelivered(challengeId) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(0, undelivered(challengeId), "the relay delivered the push's event");
    }

    @Test
    void anInAppChallengeWritesItsPushEventAndTheRelayDeliversItOnceThroughARefusal() throws InterruptedException {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = inAppChallenge(h);
        assertEquals(1, pushEvents(challenge.getAcsTransactionId()), "written with the challenge, keyed by its id");

        awaitDelivered(challenge.getAcsTransactionId());

        NotifyAuthenticationChallengeRequest push = CodeReceiver.pushes.get(challenge.getAcsTransactionId());
        assertNotNull(push, "notification-service was asked to push");
        assertEquals(h.member(), push.getMemberId().getValue());
        assertEquals(h.card().getId().getValue(), push.getCardId().getValue());
        assertEquals(h.card().getLast4(), push.getCardLast4());
        assertEquals(50_000, push.getAmount().getAmount());
        assertEquals("JPY", push.getCurrency());
        assertEquals("アンシン書店 オンライン", push.getMerchantName());
        assertEquals(challenge.getChallengeExpiresAt(), push.getExpiresAt());
        assertEquals(2, CodeReceiver.pushCalls.get(challenge.getAcsTransactionId()).get(), "refused once, then acknowledged");
        Thread.sleep(600); // more than a poll interval: nothing is sent again
        assertEquals(2, CodeReceiver.pushCalls.get(challenge.getAcsTransactionId()).get());
        assertEquals(1, pushEvents(challenge.getAcsTransactionId()));
    }

    @Test
    void thePushCarriesNoCardNumberCodeOrAuthenticationValue() throws Exception {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = inAppChallenge(h);
        byte[] payload = queryBytes("SELECT payload FROM outbox_event WHERE event_type = 'NOTIFICATION_AUTHENTICATION_CHALLENGE'"
                + " AND event_id = ?", challenge.getAcsTransactionId());
        awaitDelivered(challenge.getAcsTransactionId());
        ds().app(h.member()).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(challenge.getAcsTransactionId()).setApprove(true).build());
        String value = ds().stub().getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(challenge.getAcsTransactionId()).build()).getAuthenticationValue();
        assertThat(value).isNotEmpty();

        NotifyAuthenticationChallengeRequest sent = CodeReceiver.pushes.get(challenge.getAcsTransactionId());
        assertEquals(NotifyAuthenticationChallengeRequest.parseFrom(payload), sent, "sent as stored");
        for (String text : new String[] {new String(payload, StandardCharsets.ISO_8859_1), new String(payload, StandardCharsets.UTF_8),
                sent.toString()}) {
            assertThat(text).doesNotContain(h.details().getCardNumber())
                    .doesNotContain(value).doesNotContain(value.substring(value.indexOf('.') + 1));
            assertThat(CardNumberText.containsCardNumber(text)).isFalse();
        }
    }

    @Test
    void aChallengeAnsweredBeforeItsPushWentOutIsNeverPushed() throws InterruptedException {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = inAppChallenge(h);
        ds().app(h.member()).answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest.newBuilder()
                .setId(challenge.getAcsTransactionId()).setApprove(false).build());

        awaitDelivered(challenge.getAcsTransactionId());

        assertNull(CodeReceiver.pushes.get(challenge.getAcsTransactionId()), "no prompt for a purchase no longer waiting");
    }

    @Test
    void anExpiredChallengeIsNeverPushed() throws InterruptedException {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = inAppChallenge(h);
        update("UPDATE cardholder_authentication SET challenge_expires_at = requested_at WHERE acs_transaction_id = ?",
                challenge.getAcsTransactionId());

        awaitDelivered(challenge.getAcsTransactionId());

        assertNull(CodeReceiver.pushes.get(challenge.getAcsTransactionId()));
    }

    @Test
    void anSmsChallengeIsNotPushed() throws InterruptedException {
        Cardholder h = cardholder();
        AuthenticateResponse challenge = ds().stub().authenticate(DirectoryServer.areq(h.details(), 50_000, "b-" + UUID.randomUUID())
                .setChallengeMethod(ChallengeMethod.CHALLENGE_METHOD_SMS_CODE).build());

        assertEquals(0, pushEvents(challenge.getAcsTransactionId()), "its code goes by SMS; the app does not list it");
    }
}
