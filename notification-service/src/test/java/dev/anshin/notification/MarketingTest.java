package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.SendMarketingRequest;
import dev.anshin.api.notification.v1.SendMarketingResponse;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.notification.service.MarketingService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Marketing goes out only when consent-service's CheckPurpose allows its purpose (an in-test consent-service here,
 * {@link ConsentReceiverResource}); otherwise it is recorded as SUPPRESSED; while consent-service cannot be reached
 * nothing is sent and the notice waits (fail closed).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(ConsentReceiverResource.class)
class MarketingTest extends NotificationServiceTest {

    @Inject
    MarketingService marketing;

    private NotificationServiceGrpc.NotificationServiceBlockingStub marketingSystem() {
        return support.as(Tokens.system("anshin-marketing", "marketing"));
    }

    static SendMarketingRequest campaign(String member) {
        return SendMarketingRequest.newBuilder()
                .setEventId("campaign-2026-12/" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setConsentPurpose("MARKETING_OWN")
                .setSubjectJa("【安心カード】年末ポイント2倍キャンペーン")
                .setBodyJa("12月31日までのご利用でポイントが2倍になります。詳しくはアプリでご確認ください。")
                .setSubjectEn("[Anshin Card] Double points until New Year")
                .setBodyEn("Purchases until 31 December earn double points. See the app for details.")
                .build();
    }

    private static long deliveriesOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select count(d) from Delivery d where d.notificationId = :n", Long.class)
                .setParameter("n", notificationId).getSingleResult());
    }

    private static MarketingConsentCheck checkOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .find(MarketingConsentCheck.class, notificationId));
    }

    @Test
    void marketingToAMemberWhoAllowsItIsSentByEmail() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ConsentReceiverResource.answer(member, "PURPOSE_MARKETING_OWN", true);

        SendMarketingResponse sent = marketingSystem().sendMarketing(campaign(member));
        relay.deliverDue(Instant.now());

        assertFalse(sent.getSuppressed());
        assertFalse(sent.getAwaitingConsent());
        assertEquals("【安心カード】年末ポイント2倍キャンペーン", sent.getNotification().getSubject());
        assertThat(mailTo(email)).hasSize(1);
        assertEquals(DeliveryState.DELIVERED, notificationsOf(member).get(0).state);
        assertEquals(0, ConsentReceiverResource.callsWithoutToken.get(), "asked with notification's own token");
    }

    @Test
    void marketingToAnOptedOutMemberIsSuppressed() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ConsentReceiverResource.answer(member, "PURPOSE_MARKETING_OWN", false);

        SendMarketingResponse answer = marketingSystem().sendMarketing(campaign(member));
        relay.deliverDue(Instant.now());

        assertTrue(answer.getSuppressed());
        assertFalse(answer.hasNotification());
        Notification recorded = notificationsOf(member).get(0);
        assertEquals(NotificationKind.MARKETING, recorded.kind);
        assertEquals(DeliveryState.SUPPRESSED, recorded.state);
        assertEquals(0, deliveriesOf(recorded.id), "nothing queued");
        assertThat(mailTo(email)).isEmpty();
        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_SUPPRESSED,
                support.member(member).listNotifications(ListNotificationsRequest.getDefaultInstance())
                        .getNotifications(0).getState(), "visible in the member's history");
    }

    @Test
    void marketingWaitsWhileConsentIsUnreachable() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ConsentReceiverResource.answer(member, "PURPOSE_MARKETING_OWN", true);
        SendMarketingRequest request = campaign(member);

        SendMarketingResponse waiting;
        ConsentReceiverResource.takeDown();
        try {
            waiting = marketingSystem().sendMarketing(request);
            Instant now = Instant.now();
            relay.deliverDue(now);
            marketing.recheckDue(now); // not due yet: back-off
            assertTrue(waiting.getAwaitingConsent());
            assertFalse(waiting.getSuppressed());
            assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_AWAITING_CONSENT,
                    waiting.getNotification().getState());
            MarketingConsentCheck check = checkOf(waiting.getNotification().getId());
            assertEquals(1, check.attempts);
            assertThat(check.lastError).startsWith("consent-service answered UNAVAILABLE");
            assertThat(check.nextCheckAt).isAfter(now.plusSeconds(20));

            marketing.recheckDue(check.nextCheckAt);
            assertEquals(2, checkOf(waiting.getNotification().getId()).attempts, "still down: still waiting");
            assertEquals(0, deliveriesOf(waiting.getNotification().getId()), "fail closed: nothing queued");
            assertThat(mailTo(email)).isEmpty();
        } finally {
            ConsentReceiverResource.restart();
        }

        // Back: the next checks reach it (once the client's channel has reconnected, which gRPC does with its own
        // back-off after the outage; until then a check fails like the ones before and is simply due again later).
        Instant later = checkOf(waiting.getNotification().getId()).nextCheckAt;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (checkOf(waiting.getNotification().getId()) != null && System.nanoTime() < deadline) {
            later = later.plus(java.time.Duration.ofHours(2));
            marketing.recheckDue(later);
            if (checkOf(waiting.getNotification().getId()) != null) {
                sleep(500);
            }
        }
        relay.deliverDue(later);

        assertThat(checkOf(waiting.getNotification().getId())).as("answered: no longer waiting").isNull();
        assertThat(mailTo(email)).hasSize(1);
        assertEquals(DeliveryState.DELIVERED, notificationsOf(member).get(0).state);
        SendMarketingResponse again = marketingSystem().sendMarketing(request);
        assertEquals(waiting.getNotification().getId(), again.getNotification().getId());
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void oneMarketingMessagePerEventId() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ConsentReceiverResource.answer(member, "PURPOSE_MARKETING_OWN", true);
        SendMarketingRequest request = campaign(member);

        SendMarketingResponse first = marketingSystem().sendMarketing(request);
        SendMarketingResponse second = marketingSystem().sendMarketing(request);
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), second.getNotification().getId());
        assertEquals(1, ConsentReceiverResource.questionsAbout(member), "asked once");
        assertThat(mailTo(email)).hasSize(1);
        assertThat(notificationsOf(member)).hasSize(1);
    }

    @Test
    void malformedMarketingIsRefusedAndNothingRecorded() {
        String member = newMemberWithEmail(support, newEmail());
        List<SendMarketingRequest> bad = List.of(
                campaign(member).toBuilder().setEventId("").build(),
                campaign(member).toBuilder().clearMemberId().build(),
                campaign(member).toBuilder().setConsentPurpose("CREDIT_MANAGEMENT").build(),
                campaign(member).toBuilder().setBodyEn("").build(),
                campaign(member).toBuilder().setBodyJa("カード番号 4111 1111 1111 1111 でお得").build());
        for (SendMarketingRequest request : bad) {
            var refused = assertThrows(StatusRuntimeException.class, () -> marketingSystem().sendMarketing(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        }
        assertThat(notificationsOf(member)).isEmpty();
        assertEquals(0, ConsentReceiverResource.questionsAbout(member));
    }

    @Test
    void onlyTheMarketingRoleSendsMarketing() {
        String member = newMemberWithEmail(support, newEmail());
        var refused = assertThrows(StatusRuntimeException.class, () -> support.cardControl().sendMarketing(campaign(member)));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        var asMember = assertThrows(StatusRuntimeException.class, () -> support.member(member).sendMarketing(campaign(member)));
        assertEquals(Status.Code.PERMISSION_DENIED, asMember.getStatus().getCode());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
