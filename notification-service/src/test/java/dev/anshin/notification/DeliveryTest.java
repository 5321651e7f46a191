package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.attemptsOf;
import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static dev.anshin.notification.NotificationTestSupport.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.notification.v1.DeadLetter;
import dev.anshin.api.notification.v1.ListDeadLettersRequest;
import dev.anshin.api.notification.v1.ListDeadLettersResponse;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.ResendDeadLetterRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.notification.config.DeliveryConfig;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The delivery outbox: retries with back-off and an attempt history, dead letters, operators sending them again. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class DeliveryTest extends NotificationServiceTest {

    @Inject
    DeliveryConfig config;

    @AfterEach
    void repairLogin() {
        GreenMailResource.repairLogin();
    }

    /** A usage notice to a member with an address, failed until it is a dead letter; its notification. */
    private Notification deadLetter(String email) {
        String member = newMemberWithEmail(support, email);
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(member, 8_800, UsageCategory.USAGE_CATEGORY_ONLINE)).build());
        Notification notice = notificationsOf(member).get(0);
        GreenMailResource.breakLogin();
        Instant now = Instant.now();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            relay.deliverDue(now);
            now = deliveryOf(notice.id).nextAttemptAt.plusSeconds(1);
        }
        GreenMailResource.repairLogin();
        return notice;
    }

    @Test
    void aFailedSmtpSendIsRetriedWithBackoffAndBecomesADeadLetterAfterNAttempts() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(member, 8_800, UsageCategory.USAGE_CATEGORY_ONLINE)).build());
        Notification notice = notificationsOf(member).get(0);
        GreenMailResource.breakLogin();

        Instant now = Instant.now();
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt < config.maxAttempts(); attempt++) {
            relay.deliverDue(now);
            Delivery delivery = deliveryOf(notice.id);
            assertEquals(Delivery.State.PENDING, delivery.state, "attempt " + attempt + " failed, not yet dead");
            assertEquals(attempt, delivery.attempts);
            waits.add(Duration.between(now, delivery.nextAttemptAt));
            relay.deliverDue(now);
            assertEquals(attempt, deliveryOf(notice.id).attempts, "nothing is retried before its time");
            now = delivery.nextAttemptAt.plusSeconds(1);
        }
        relay.deliverDue(now);

        Delivery dead = deliveryOf(notice.id);
        assertEquals(Delivery.State.DEAD, dead.state);
        assertEquals(config.maxAttempts(), dead.attempts);
        assertEquals(DeliveryState.FAILED, notificationsOf(member).get(0).state);
        assertThat(mailTo(email)).isEmpty();
        // Exponential: each wait is about twice the one before (±20 % jitter), the first about the initial back-off.
        // MariaDB keeps the next attempt's time to the second (mysql-connector-j sends it no fraction): up to 1 s less.
        long initial = config.initialBackoff().toMillis();
        assertThat(waits.get(0).toMillis()).isBetween((long) (initial * 0.8) - 1_000, (long) (initial * 1.2) + 1);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i).toMillis()).isBetween((long) (initial * (1L << i) * 0.8) - 1_000, (long) (initial * (1L << i) * 1.2) + 1);
        }
        // Every attempt is in the history, with its error, and no address in clear.
        var history = attemptsOf(dead.id);
        assertThat(history).hasSize(config.maxAttempts()).allSatisfy(a -> {
            assertThat(a.succeeded).isFalse();
            assertThat(a.error).isNotBlank().doesNotContain(email);
        });
        assertThat(dead.lastError).doesNotContain(email);
    }

    @Test
    void anOperatorResendsADeadLetter() {
        String email = newEmail();
        Notification notice = deadLetter(email);
        String deliveryId = deliveryOf(notice.id).id;
        var operator = support.as(Tokens.operator("operator-sato"));

        List<DeadLetter> listed = allDeadLetters(operator);
        DeadLetter letter = listed.stream().filter(d -> d.getDeliveryId().equals(deliveryId)).findFirst().orElseThrow();
        assertEquals(notice.id, letter.getNotificationId());
        assertEquals(config.maxAttempts(), letter.getAttempts());
        assertThat(letter.getLastError()).isNotBlank().doesNotContain(email);

        var resent = operator.resendDeadLetter(ResendDeadLetterRequest.newBuilder().setDeliveryId(deliveryId).build());
        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_QUEUED, resent.getNotification().getState());
        relay.deliverDue(Instant.now());

        assertThat(mailTo(email)).as("sent once, now that SMTP takes it").hasSize(1);
        Delivery delivered = deliveryOf(notice.id);
        assertEquals(Delivery.State.DELIVERED, delivered.state);
        assertThat(attemptsOf(delivered.id)).as("history kept across the resend")
                .hasSize(config.maxAttempts() + 1).last().satisfies(a -> assertThat(a.succeeded).isTrue());
        assertThat(allDeadLetters(operator)).noneMatch(d -> d.getDeliveryId().equals(deliveryId));
        // The same message, not a second one.
        assertThat(notificationsOf(notice.memberId)).singleElement()
                .satisfies(n -> assertEquals(DeliveryState.DELIVERED, n.state));
    }

    @Test
    void onlyADeadLetterCanBeResentAndOnlyByAnOperator() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(member, 1_000, UsageCategory.USAGE_CATEGORY_ONLINE)).build());
        String deliveryId = deliveryOf(notificationsOf(member).get(0).id).id;
        var operator = support.as(Tokens.operator("operator-sato"));

        var pending = assertThrows(StatusRuntimeException.class,
                () -> operator.resendDeadLetter(ResendDeadLetterRequest.newBuilder().setDeliveryId(deliveryId).build()));
        var missing = assertThrows(StatusRuntimeException.class,
                () -> operator.resendDeadLetter(ResendDeadLetterRequest.newBuilder().setDeliveryId("no-such-delivery").build()));
        var byMember = assertThrows(StatusRuntimeException.class, () -> support.member(member)
                .listDeadLetters(ListDeadLettersRequest.getDefaultInstance()));
        var byCardControl = assertThrows(StatusRuntimeException.class, () -> support.cardControl()
                .resendDeadLetter(ResendDeadLetterRequest.newBuilder().setDeliveryId(deliveryId).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, pending.getStatus().getCode());
        assertEquals("NOT_A_DEAD_LETTER", ErrorDetails.reason(pending));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, byMember.getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, byCardControl.getStatus().getCode());
        assertEquals(Delivery.State.PENDING, deliveryOf(notificationsOf(member).get(0).id).state);
    }

    @Test
    void aSuccessfulSendIsRecordedOnceWithItsMessageId() throws Exception {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(member, 1_000, UsageCategory.USAGE_CATEGORY_ONLINE)).build());
        Notification notice = notificationsOf(member).get(0);

        relay.deliverDue(Instant.now());

        var mail = mailTo(email);
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).getMessageID()).isEqualTo("<" + notice.id + "@notification.anshin.dev>");
        assertThat(mail.get(0).getSubject()).isEqualTo(notice.subject);
        Delivery delivery = deliveryOf(notice.id);
        assertThat(attemptsOf(delivery.id)).singleElement().satisfies(a -> assertThat(a.succeeded).isTrue());
        assertThat(delivery.deliveredAt).isNotNull();
    }

    @Test
    void aRestartedInstanceFreesTheClaimsOfItsPreviousRunAtOnceAndLeavesOtherRelaysClaimsAlone() {
        // Given two queued notices: one claimed by this instance before it was killed, one by a relay elsewhere
        String ownEmail = newEmail();
        String otherEmail = newEmail();
        String own = newMemberWithEmail(support, ownEmail);
        String other = newMemberWithEmail(support, otherEmail);
        support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder()
                .addItems(usage(own, 2_000, UsageCategory.USAGE_CATEGORY_DOMESTIC))
                .addItems(usage(other, 3_000, UsageCategory.USAGE_CATEGORY_DOMESTIC)).build());
        String ownDelivery = deliveryOf(notificationsOf(own).get(0).id).id;
        String otherDelivery = deliveryOf(notificationsOf(other).get(0).id).id;
        Instant now = Instant.now();
        String ownTag = relay.claimToken().substring(0, 8);
        String otherToken = (ownTag.charAt(0) == '0' ? "1" : "0") + ownTag.substring(1) + UUID.randomUUID().toString().substring(8);
        QuarkusTransaction.requiringNew().run(() -> {
            var em = io.quarkus.hibernate.orm.panache.Panache.getEntityManager();
            Delivery mine = em.find(Delivery.class, ownDelivery);
            mine.claimToken = relay.claimToken();
            mine.claimedUntil = now.plus(Duration.ofHours(1));
            Delivery theirs = em.find(Delivery.class, otherDelivery);
            theirs.claimToken = otherToken;
            theirs.claimedUntil = now.plus(Duration.ofHours(1));
        });
        relay.deliverDue(now);
        assertThat(mailTo(ownEmail)).as("claimed: nothing is sent before the lease runs out").isEmpty();

        // When the restarted instance frees its own claims
        assertThat(relay.releaseOwnClaims()).isGreaterThanOrEqualTo(1);
        relay.deliverDue(now);

        // Then its notice goes out at once, once; the live relay's claim is left to it
        assertThat(mailTo(ownEmail)).hasSize(1);
        assertThat(deliveryOf(notificationsOf(own).get(0).id).state).isEqualTo(Delivery.State.DELIVERED);
        assertThat(mailTo(otherEmail)).isEmpty();
        Delivery theirs = deliveryOf(notificationsOf(other).get(0).id);
        assertThat(theirs.state).isEqualTo(Delivery.State.PENDING);
        assertThat(theirs.claimToken).isNotNull();
    }

    private static List<DeadLetter> allDeadLetters(dev.anshin.api.notification.v1.NotificationServiceGrpc.NotificationServiceBlockingStub operator) {
        List<DeadLetter> all = new ArrayList<>();
        String token = "";
        do {
            ListDeadLettersResponse page = operator.listDeadLetters(ListDeadLettersRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(100).setPageToken(token)).build());
            all.addAll(page.getDeadLettersList());
            token = page.getPageInfo().getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }
}
