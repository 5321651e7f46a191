package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static dev.anshin.notification.NotificationTestSupport.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.common.v1.Language;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.testing.GrpcTestClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** 利用通知: card-control's approvals become usage notices per the member's preferences, answered as its relay expects. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class UsageNoticeTest extends NotificationServiceTest {

    private List<ItemResult> notify(NotifyUsageRequest... items) {
        return support.cardControl().notifyUsages(NotifyUsagesRequest.newBuilder().addAllItems(List.of(items)).build())
                .getResultsList();
    }

    private void preferences(String member, Preferences.Builder preferences) {
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(preferences).build());
    }

    @Test
    void oneNoticePerAuthorizationWhenDeliveredTwice() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        NotifyUsageRequest approval = usage(member, 5_400, UsageCategory.USAGE_CATEGORY_DOMESTIC);

        // The relay sends it, its acknowledgement is lost, it sends it again (twice in one batch, then alone).
        List<ItemResult> first = notify(approval, approval);
        List<ItemResult> again = notify(approval);
        relay.deliverDue(Instant.now());
        relay.deliverDue(Instant.now());

        assertThat(first).extracting(ItemResult::getKey).containsExactly(approval.getEventId(), approval.getEventId());
        assertThat(first).extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
        assertEquals(Status.Code.OK.value(), again.get(0).getCode());
        assertThat(notificationsOf(member)).hasSize(1);
        List<MimeMessage> mail = mailTo(email);
        assertThat(mail).as("one e-mail for one authorization").hasSize(1);
        Notification notice = notificationsOf(member).get(0);
        assertEquals(NotificationKind.USAGE, notice.kind);
        assertEquals(DeliveryState.DELIVERED, notice.state);
        assertThat(notice.body).contains("5,400円", "セブン-イレブン 渋谷店", "末尾 4242");
    }

    @Test
    void underThresholdNotNotified() {
        String member = newMemberWithEmail(support, newEmail());
        preferences(member, Preferences.newBuilder().setUsageNotificationsEnabled(true)
                .setUsageThreshold(Yen.newBuilder().setAmount(10_000)));

        List<ItemResult> results = notify(usage(member, 9_999, UsageCategory.USAGE_CATEGORY_ONLINE),
                usage(member, 10_000, UsageCategory.USAGE_CATEGORY_ONLINE));

        assertThat(results).as("both done: the relay must not retry the filtered one")
                .extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
        assertThat(notificationsOf(member)).singleElement().satisfies(n -> assertThat(n.body).contains("10,000円"));
    }

    @Test
    void categoryOffNotNotified() {
        String member = newMemberWithEmail(support, newEmail());
        preferences(member, Preferences.newBuilder().setUsageNotificationsEnabled(true)
                .addUsageCategories(UsageCategory.USAGE_CATEGORY_OVERSEAS).addUsageCategories(UsageCategory.USAGE_CATEGORY_CASH));

        List<ItemResult> results = notify(usage(member, 50_000, UsageCategory.USAGE_CATEGORY_DOMESTIC),
                usage(member, 50_000, UsageCategory.USAGE_CATEGORY_ONLINE),
                usage(member, 50_000, UsageCategory.USAGE_CATEGORY_OVERSEAS));

        assertThat(results).extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
        assertThat(notificationsOf(member)).singleElement().satisfies(n -> assertThat(n.body).contains("海外でのご利用"));
    }

    @Test
    void usageNoticesSwitchedOffNotifyNothing() {
        String member = newMemberWithEmail(support, newEmail());
        preferences(member, Preferences.newBuilder().setUsageNotificationsEnabled(false));

        assertThat(notify(usage(member, 100_000, UsageCategory.USAGE_CATEGORY_CASH)))
                .extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
        assertThat(notificationsOf(member)).isEmpty();
    }

    @Test
    void aMemberWithoutPreferencesIsNotifiedOfEveryPurchaseInJapanese() {
        String member = GrpcTestClient.newMemberId();

        var response = support.cardControl().notifyUsage(usage(member, 1, UsageCategory.USAGE_CATEGORY_ONLINE));
        relay.deliverDue(Instant.now());

        assertEquals(Language.LANGUAGE_JA, response.getNotification().getLanguage());
        Notification notice = notificationsOf(member).get(0);
        assertThat(notice.subject).contains("カードご利用のお知らせ");
        // No address on file yet: nowhere to send it, so operators see it at once as a dead letter.
        assertEquals(DeliveryState.FAILED, notice.state);
        assertEquals(Delivery.State.DEAD, deliveryOf(notice.id).state);
    }

    @Test
    void englishMembersAreNotifiedInEnglish() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        preferences(member, Preferences.newBuilder().setUsageNotificationsEnabled(true).setLanguage(Language.LANGUAGE_EN));

        notify(usage(member, 123_456, UsageCategory.USAGE_CATEGORY_OVERSEAS));
        relay.deliverDue(Instant.now());

        Notification notice = notificationsOf(member).get(0);
        assertEquals("[Anshin Card] Your card was used", notice.subject);
        assertThat(notice.body).contains("JPY 123,456", "ending in 4242", "(Japan time)");
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void quietHoursHoldUntilMorning() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        // Quiet hours around now (Japan time): from an hour ago until two hours from now.
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        preferences(member, Preferences.newBuilder().setUsageNotificationsEnabled(true)
                .setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString())));

        notify(usage(member, 3_000, UsageCategory.USAGE_CATEGORY_DOMESTIC));
        relay.deliverDue(Instant.now());

        Notification held = notificationsOf(member).get(0);
        ZonedDateTime morning = now.toLocalDate().atTime(end).atZone(QuietHours.JAPAN);
        if (!morning.isAfter(now)) {
            morning = morning.plusDays(1);
        }
        assertEquals(DeliveryState.HELD, held.state);
        assertEquals(morning.toInstant(), deliveryOf(held.id).nextAttemptAt);
        assertThat(mailTo(email)).as("nothing sent during quiet hours").isEmpty();

        relay.deliverDue(morning.toInstant().plusSeconds(1));

        assertThat(mailTo(email)).as("sent when they end").hasSize(1);
        assertEquals(DeliveryState.DELIVERED, notificationsOf(member).get(0).state);
    }

    @Test
    void aBadItemIsRefusedInItsOwnResultAndTheOthersAreNotified() {
        String member = newMemberWithEmail(support, newEmail());
        NotifyUsageRequest good = usage(member, 2_000, UsageCategory.USAGE_CATEGORY_DOMESTIC);
        NotifyUsageRequest bad = usage(member, 2_000, UsageCategory.USAGE_CATEGORY_UNSPECIFIED);
        NotifyUsageRequest negative = usage(member, 2_000, UsageCategory.USAGE_CATEGORY_CASH).toBuilder()
                .setAmount(Yen.newBuilder().setAmount(-1)).build();

        List<ItemResult> results = notify(bad, good, negative);

        assertThat(results).extracting(ItemResult::getKey).containsExactly(bad.getEventId(), good.getEventId(), negative.getEventId());
        assertThat(results).extracting(ItemResult::getCode).containsExactly(Status.Code.INVALID_ARGUMENT.value(),
                Status.Code.OK.value(), Status.Code.INVALID_ARGUMENT.value());
        assertThat(results.get(0).getMessage()).contains("category");
        assertThat(notificationsOf(member)).hasSize(1);
    }

    @Test
    void noItemsOrMoreThan500AreRefused() {
        String member = GrpcTestClient.newMemberId();
        var none = assertThrows(StatusRuntimeException.class,
                () -> support.cardControl().notifyUsages(NotifyUsagesRequest.getDefaultInstance()));
        var tooMany = assertThrows(StatusRuntimeException.class, () -> support.cardControl().notifyUsages(
                NotifyUsagesRequest.newBuilder().addAllItems(Collections.nCopies(501,
                        usage(member, 1, UsageCategory.USAGE_CATEGORY_ONLINE))).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, none.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, tooMany.getStatus().getCode());
        assertThat(notificationsOf(member)).isEmpty();
    }

    @Test
    void onlyCardControlMayAnnounceUsage() {
        String member = GrpcTestClient.newMemberId();

        var refused = assertThrows(StatusRuntimeException.class, () -> support.member(member)
                .notifyUsages(NotifyUsagesRequest.newBuilder().addItems(usage(member, 1, UsageCategory.USAGE_CATEGORY_ONLINE)).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertThat(notificationsOf(member)).isEmpty();
    }
}
