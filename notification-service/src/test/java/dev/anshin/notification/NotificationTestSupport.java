package dev.anshin.notification;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** What the notification tests share: stubs with the right callers' tokens, usages as card-control sends them, mail. */
final class NotificationTestSupport implements AutoCloseable {


    private final GrpcTestClient client;

    NotificationTestSupport(URI baseUri) {
        this.client = new GrpcTestClient(baseUri);
    }

    NotificationServiceGrpc.NotificationServiceBlockingStub as(String token) {
        return NotificationServiceGrpc.newBlockingStub(client.channel(token));
    }

    NotificationServiceGrpc.NotificationServiceBlockingStub cardControl() {
        // A fresh token each time: one minted once per run lives 5 minutes, and a run with the Keycloak test on a
        // busy machine outlives it (every card-control call after it was then refused UNAUTHENTICATED).
        return as(Tokens.system("card-control", "card-control"));
    }

    NotificationServiceGrpc.NotificationServiceBlockingStub member(String memberId) {
        return as(Tokens.member(memberId));
    }

    /** A member with an e-mail address on file (set with a two-step login, as the gateway would). */
    static String newMemberWithEmail(NotificationTestSupport support, String email) {
        String member = GrpcTestClient.newMemberId();
        support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(email).build());
        return member;
    }

    /** A member with an e-mail address and this phone number on file. */
    static String newMemberWithPhone(NotificationTestSupport support, String phone) {
        String member = GrpcTestClient.newMemberId();
        support.member(member).updateContactDetails(UpdateContactDetailsRequest.newBuilder()
                .setEmail(newEmail()).setPhoneNumber(phone).build());
        return member;
    }

    /** A purchase declined as suspected fraud, as card-control's relay asks for its confirmation (DecisionEvents). */
    static StartUsageConfirmationRequest heldPurchase(String member) {
        Instant at = Instant.now();
        return StartUsageConfirmationRequest.newBuilder()
                .setEventId("auth-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(CardId.newBuilder().setValue(UUID.randomUUID().toString()))
                .setCardLast4("4242")
                .setAmount(Yen.newBuilder().setAmount(300_000))
                .setMerchantName("ビックカメラ 有楽町店")
                .setAttemptedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build();
    }

    static String newEmail() {
        return "m-" + UUID.randomUUID().toString().substring(0, 12) + "@example.jp";
    }

    /** An approval as card-control's relay sends it (DecisionEvents). */
    static NotifyUsageRequest usage(String member, long yen, UsageCategory category) {
        Instant at = Instant.now();
        return NotifyUsageRequest.newBuilder()
                .setEventId("auth-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(CardId.newBuilder().setValue("card-" + UUID.randomUUID()))
                .setCardLast4("4242")
                .setAmount(Yen.newBuilder().setAmount(yen))
                .setMerchantName("セブン-イレブン 渋谷店")
                .setCategory(category)
                .setAuthorizedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build();
    }

    /** A card transition's status notice as card-control's relay sends it (CardService). */
    static NotifyCardStatusChangeRequest cardStatus(String member, String newState, String reason) {
        Instant at = Instant.now();
        return NotifyCardStatusChangeRequest.newBuilder()
                .setEventId("transition-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(CardId.newBuilder().setValue("card-" + UUID.randomUUID()))
                .setCardLast4("4242")
                .setNewState(newState)
                .setReason(reason)
                .setOccurredAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build();
    }

    /** The e-mails GreenMail received for this address. */
    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(GreenMailResource.server().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static List<Notification> notificationsOf(String member) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select n from Notification n where n.memberId = :m order by n.createdAt", Notification.class)
                .setParameter("m", member).getResultList());
    }

    static Delivery deliveryOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select d from Delivery d where d.notificationId = :n", Delivery.class)
                .setParameter("n", notificationId).getSingleResult());
    }

    static List<DeliveryAttempt> attemptsOf(String deliveryId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select a from DeliveryAttempt a where a.deliveryId = :d order by a.id", DeliveryAttempt.class)
                .setParameter("d", deliveryId).getResultList());
    }

    @Override
    public void close() {
        client.close();
    }
}
