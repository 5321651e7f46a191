package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.heldPurchase;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.UsageConfirmationOutcome;
import dev.anshin.api.notification.v1.AnswerUsageConfirmationRequest;
import dev.anshin.api.notification.v1.ConfirmationState;
import dev.anshin.api.notification.v1.SmsReply;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UsageConfirmation;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.notification.service.DeliveryRelay;
import dev.anshin.notification.service.FollowUpRelay;
import dev.anshin.notification.service.KeycloakLoginEvents;
import dev.anshin.notification.service.UsageConfirmationService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Answering a usage confirmation (ご利用確認), in the app or by SMS reply, and what the answer owes card-control: one
 * answer per confirmation, before it expires; recorded with its follow-up in one transaction and relayed to
 * card-control (here {@link CardControlReceiver}) until it is taken.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(CardControlReceiver.class)
class UsageConfirmationAnswerTest extends NotificationServiceTest {

    static final Pattern REPLY_CODE = Pattern.compile("「1 ([0-9]{6})」");
    /** No identity provider to log out at in these tests: sessions are ended against the real Keycloak elsewhere. */
    static final KeycloakLoginEvents.Source NO_KEYCLOAK = new KeycloakLoginEvents.Source("http://127.0.0.1:9", "anshin",
            "notification", "secret");

    @Inject
    FollowUpRelay followUps;

    @Inject
    DeliveryRelay deliveries;

    @Inject
    UsageConfirmationService service;

    @BeforeEach
    @AfterEach
    void cardControlUp() {
        CardControlReceiver.down = false;
    }

    record Pending(String member, String phone, String email, StartUsageConfirmationRequest held, UsageConfirmation confirmation) {
    }

    /** A member with a phone and an e-mail address on file, and a pending confirmation of a held purchase. */
    Pending pending() {
        String member = GrpcTestClient.newMemberId();
        String phone = "+8190" + String.format("%08d", (long) (Math.random() * 100_000_000));
        String email = newEmail();
        support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(email)
                .setPhoneNumber(phone).build());
        StartUsageConfirmationRequest held = heldPurchase(member);
        UsageConfirmation confirmation = support.cardControl().startUsageConfirmation(held).getConfirmation();
        assertEquals(ConfirmationState.CONFIRMATION_STATE_PENDING, confirmation.getState());
        return new Pending(member, phone, email, held, confirmation);
    }

    UsageConfirmation answer(Pending p, boolean wasMember) {
        return support.member(p.member()).answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                .setConfirmationId(p.confirmation().getId()).setWasMember(wasMember).build()).getConfirmation();
    }

    List<RecordUsageConfirmationRequest> receivedFor(Pending p) {
        return CardControlReceiver.confirmations.stream()
                .filter(r -> r.getConfirmationId().equals(p.confirmation().getId())).toList();
    }

    static List<FollowUp> followUpsOf(String subjectId) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager()
                .createQuery("select f from FollowUp f where f.subjectId = :s", FollowUp.class)
                .setParameter("s", subjectId).getResultList());
    }

    /** The reply code, as the member reads it in the SMS. */
    static String replyCode(Pending p) {
        String sms = notificationsOf(p.member()).stream().filter(n -> n.channel == DeliveryChannel.SMS).findFirst()
                .orElseThrow().body;
        Matcher code = REPLY_CODE.matcher(sms);
        assertThat(code.find()).as("the SMS says how to reply: %s", sms).isTrue();
        return code.group(1);
    }

    AnswerUsageConfirmationRequest smsReply(String from, String text) {
        return AnswerUsageConfirmationRequest.newBuilder()
                .setSmsReply(SmsReply.newBuilder().setFromPhoneNumber(from).setText(text)).build();
    }

    @Test
    void aVerifiedAnswerReachesCardControlSoTheMerchantMayRetry() {
        Pending p = pending();

        UsageConfirmation answered = answer(p, true);
        followUps.relayDue(Instant.now(), NO_KEYCLOAK);

        assertEquals(ConfirmationState.CONFIRMATION_STATE_VERIFIED, answered.getState());
        List<RecordUsageConfirmationRequest> received = receivedFor(p);
        assertThat(received).hasSize(1);
        assertEquals(UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED, received.get(0).getOutcome());
        assertEquals(p.held().getEventId(), received.get(0).getAuthorizationId(), "card-control's held authorization");
        assertEquals(p.member(), received.get(0).getMemberId().getValue());
        assertThat(received.get(0).getAnsweredAt().getSeconds()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        assertEquals(FollowUp.State.DONE, followUpsOf(p.confirmation().getId()).get(0).state);
        assertEquals(0, CardControlReceiver.callsWithoutToken.get(), "every call carries this service's bearer token");
    }

    @Test
    void aDeniedConfirmationPlacesAFraudHoldAndOffersAReplacement() throws Exception {
        Pending p = pending();

        UsageConfirmation answered = answer(p, false);
        followUps.relayDue(Instant.now(), NO_KEYCLOAK);
        deliveries.deliverDue(Instant.now());

        assertEquals(ConfirmationState.CONFIRMATION_STATE_DENIED, answered.getState());
        assertEquals(UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED, receivedFor(p).get(0).getOutcome());
        List<MimeMessage> mails = mailTo(p.email());
        assertThat(mails).hasSize(1);
        String body = mails.get(0).getContent().toString();
        assertThat(body).contains("末尾 4242", "300,000円", "不正利用", "新しい番号のカード").doesNotContain("http");
    }

    @Test
    void theSameAnswerTwiceIsANoOp() {
        Pending p = pending();

        UsageConfirmation first = answer(p, true);
        UsageConfirmation second = answer(p, true);
        followUps.relayDue(Instant.now(), NO_KEYCLOAK);

        assertEquals(first, second);
        assertThat(followUpsOf(p.confirmation().getId())).hasSize(1);
        assertThat(receivedFor(p)).hasSize(1);
    }

    @Test
    void aDifferentSecondAnswerIsRefused() {
        Pending p = pending();
        answer(p, true);

        var refused = assertThrows(StatusRuntimeException.class, () -> answer(p, false));

        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("USAGE_CONFIRMATION_ALREADY_ANSWERED", ErrorDetails.reason(refused));
        assertEquals(dev.anshin.notification.ConfirmationState.VERIFIED, stored(p).state, "the first answer stands");
        assertThat(followUpsOf(p.confirmation().getId())).hasSize(1);
    }

    @Test
    void anAnswerAfterExpiryIsRefused() {
        Pending p = pending();
        service.expireDue(Instant.now().plus(Duration.ofHours(1)));

        var refused = assertThrows(StatusRuntimeException.class, () -> answer(p, false));

        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("USAGE_CONFIRMATION_EXPIRED", ErrorDetails.reason(refused));
        assertEquals(dev.anshin.notification.ConfirmationState.EXPIRED, stored(p).state);
        assertThat(followUpsOf(p.confirmation().getId())).isEmpty();
    }

    @Test
    void anotherMembersConfirmationIsNotFound() {
        Pending p = pending();

        var refused = assertThrows(StatusRuntimeException.class, () -> support.member(GrpcTestClient.newMemberId())
                .answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                        .setConfirmationId(p.confirmation().getId()).setWasMember(false).build()));
        var unknown = assertThrows(StatusRuntimeException.class, () -> support.member(p.member())
                .answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                        .setConfirmationId("no-such-confirmation").setWasMember(false).build()));

        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("USAGE_CONFIRMATION_NOT_FOUND", ErrorDetails.reason(refused));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        assertEquals(dev.anshin.notification.ConfirmationState.PENDING, stored(p).state);
    }

    @Test
    void anSmsReplyAnswersTheConfirmationItsCodeNamesFromTheNumberItWentTo() {
        Pending p = pending();
        String code = replyCode(p);
        var inbound = support.as(Tokens.system("anshin-sms-inbound", "sms-inbound"));

        var otherNumber = assertThrows(StatusRuntimeException.class,
                () -> inbound.answerUsageConfirmation(smsReply("+819099999999", "2 " + code)));
        var unreadable = assertThrows(StatusRuntimeException.class,
                () -> inbound.answerUsageConfirmation(smsReply(p.phone(), "はい")));
        UsageConfirmation answered = inbound.answerUsageConfirmation(smsReply(p.phone(), " ２　" + code.chars()
                .mapToObj(c -> String.valueOf((char) (c - '0' + '０'))).reduce("", String::concat))).getConfirmation();

        assertEquals(Status.Code.NOT_FOUND, otherNumber.getStatus().getCode(), "only the number the SMS went to");
        assertEquals(Status.Code.INVALID_ARGUMENT, unreadable.getStatus().getCode());
        assertEquals("SMS_REPLY_UNREADABLE", ErrorDetails.reason(unreadable));
        assertEquals(ConfirmationState.CONFIRMATION_STATE_DENIED, answered.getState(), "full-width \"2 <code>\" read as not me");
        assertEquals(p.confirmation().getId(), answered.getId());
        assertEquals("SMS", stored(p).answeredVia);
    }

    @Test
    void onlyTheMemberOrTheSmsWebhookMayAnswerEachInItsOwnWay() {
        Pending p = pending();

        var cardControl = assertThrows(StatusRuntimeException.class, () -> support.cardControl()
                .answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                        .setConfirmationId(p.confirmation().getId()).setWasMember(true).build()));
        var memberWithSms = assertThrows(StatusRuntimeException.class, () -> support.member(p.member())
                .answerUsageConfirmation(smsReply(p.phone(), "1 " + replyCode(p))));
        var webhookWithId = assertThrows(StatusRuntimeException.class, () -> support.as(Tokens.system("anshin-sms-inbound",
                "sms-inbound")).answerUsageConfirmation(AnswerUsageConfirmationRequest.newBuilder()
                        .setConfirmationId(p.confirmation().getId()).setWasMember(true).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, cardControl.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, memberWithSms.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, webhookWithId.getStatus().getCode());
        assertEquals(dev.anshin.notification.ConfirmationState.PENDING, stored(p).state);
    }

    @Test
    void aCardControlOutageLosesNoAnswer() {
        Pending p = pending();
        CardControlReceiver.down = true;

        answer(p, false);
        Instant now = Instant.now();
        followUps.relayDue(now, NO_KEYCLOAK);
        FollowUp afterFirst = followUpsOf(p.confirmation().getId()).get(0);
        followUps.relayDue(now.plus(Duration.ofMinutes(10)), NO_KEYCLOAK);
        FollowUp afterSecond = followUpsOf(p.confirmation().getId()).get(0);
        CardControlReceiver.down = false;
        followUps.relayDue(now.plus(Duration.ofMinutes(5)), NO_KEYCLOAK);
        assertThat(receivedFor(p)).as("not due yet: the back-off holds it").isEmpty();
        followUps.relayDue(now.plus(Duration.ofHours(1)), NO_KEYCLOAK);

        assertEquals(FollowUp.State.PENDING, afterFirst.state);
        assertEquals(1, afterFirst.attempts);
        assertThat(afterFirst.lastError).contains("UNAVAILABLE");
        // 1 s, then 2 s (±20 %); MariaDB keeps whole seconds through mysql-connector-j, hence the second's slack.
        assertThat(afterFirst.nextAttemptAt).isBetween(now.plusMillis(800).minusSeconds(1), now.plusMillis(1200));
        assertEquals(2, afterSecond.attempts);
        Instant second = now.plus(Duration.ofMinutes(10));
        assertThat(afterSecond.nextAttemptAt).isBetween(second.plusMillis(1600).minusSeconds(1), second.plusMillis(2400));
        List<RecordUsageConfirmationRequest> received = receivedFor(p);
        assertThat(received).hasSize(1);
        assertEquals(UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED, received.get(0).getOutcome());
        FollowUp done = followUpsOf(p.confirmation().getId()).get(0);
        assertEquals(FollowUp.State.DONE, done.state);
        assertEquals(3, done.attempts);
    }

    static dev.anshin.notification.UsageConfirmation stored(Pending p) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager()
                .find(dev.anshin.notification.UsageConfirmation.class, p.confirmation().getId()));
    }
}
