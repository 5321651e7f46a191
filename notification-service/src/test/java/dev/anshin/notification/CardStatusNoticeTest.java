package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.cardStatus;
import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.Language;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeResponse;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Card-status notices (a security notice): one per card transition however often card-control's relay delivers it,
 * never held by quiet hours, never switched off by preferences, in the member's language, the last four digits only.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class CardStatusNoticeTest extends NotificationServiceTest {

    private NotifyCardStatusChangeResponse notify(NotifyCardStatusChangeRequest request) {
        return support.cardControl().notifyCardStatusChange(request);
    }

    @Test
    void oneStatusNoticePerTransitionWhenDeliveredTwice() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        NotifyCardStatusChangeRequest suspended = cardStatus(member, "SUSPENDED", "TEMPORARY_STOP");

        // The relay sends it, its acknowledgement is lost, it sends it again.
        var first = notify(suspended);
        var again = notify(suspended);
        relay.deliverDue(Instant.now());
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), again.getNotification().getId(), "the first notice, again");
        assertThat(notificationsOf(member)).singleElement().satisfies(n -> {
            assertEquals(NotificationKind.CARD_STATUS, n.kind);
            assertEquals(suspended.getEventId(), n.eventId);
            assertEquals(DeliveryState.DELIVERED, n.state);
            assertThat(n.subject).contains("末尾 4242");
            assertThat(n.body).contains("一時停止", "末尾 4242", "（日本時間）");
        });
        assertThat(mailTo(email)).as("one e-mail for one transition").hasSize(1);
    }

    @Test
    void statusNoticesAreNeverHeldByQuietHours() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(true).setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString()))).build());

        notify(cardStatus(member, "FRAUD_HOLD", "FRAUD_HOLD_PLACED"));
        relay.deliverDue(Instant.now());

        Notification notice = notificationsOf(member).get(0);
        assertEquals(DeliveryState.DELIVERED, notice.state, "sent at once, inside the quiet hours");
        assertThat(deliveryOf(notice.id).nextAttemptAt).isBefore(Instant.now().plusSeconds(1));
        assertThat(mailTo(email)).singleElement().satisfies(mail -> assertThat(body(mail)).contains("不正利用の疑い"));
    }

    @Test
    void statusNoticesCannotBeSwitchedOffByPreferences() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        // Everything a member can switch off is off: usage notices, login notices.
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(false).setLoginNotificationsEnabled(false)).build());

        notify(cardStatus(member, "CLOSED", "REPORTED_STOLEN"));
        relay.deliverDue(Instant.now());

        assertThat(notificationsOf(member)).singleElement().satisfies(n -> assertEquals(DeliveryState.DELIVERED, n.state));
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void statusNoticesAreInTheMembersLanguageAndTellWhatHappened() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(true).setLanguage(Language.LANGUAGE_EN)).build());

        notify(cardStatus(member, "AWAITING_ACTIVATION", "ISSUED"));
        notify(cardStatus(member, "ACTIVE", "ACTIVATED"));
        notify(cardStatus(member, "CLOSED", "REPLACED"));
        relay.deliverDue(Instant.now());

        assertThat(notificationsOf(member)).extracting(n -> n.subject).containsOnly("[Anshin Card] Your card ending in 4242 changed");
        assertThat(notificationsOf(member)).extracting(n -> n.body).satisfiesExactlyInAnyOrder(
                body -> assertThat(body).contains("A replacement card was issued", "activate it in the app"),
                body -> assertThat(body).contains("The card was activated"),
                body -> assertThat(body).contains("its replacement was activated"));
        assertThat(mailTo(email)).hasSize(3);
    }

    @Test
    void aMalformedStatusNoticeIsRefusedAndNothingIsPresented() {
        String member = newMemberWithEmail(support, newEmail());
        var good = cardStatus(member, "SUSPENDED", "TEMPORARY_STOP");
        for (var bad : new NotifyCardStatusChangeRequest[] {
            good.toBuilder().setEventId("").build(),
            good.toBuilder().setCardLast4("4111111111111111").build(),
            good.toBuilder().setNewState("STOLEN_BY_ALIENS").build(),
            good.toBuilder().setReason("").build(),
            good.toBuilder().clearOccurredAt().build() }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> notify(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            assertThat(refused.getStatus().getDescription()).doesNotContain("4111111111111111", "STOLEN_BY_ALIENS");
        }
        assertThat(notificationsOf(member)).isEmpty();
    }

    @Test
    void onlyCardControlSendsStatusNotices() {
        String member = newMemberWithEmail(support, newEmail());
        var refused = assertThrows(StatusRuntimeException.class,
                () -> support.member(member).notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP")));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        var operator = assertThrows(StatusRuntimeException.class,
                () -> support.as(Tokens.operator("operator-sato")).notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP")));
        assertEquals(Status.Code.PERMISSION_DENIED, operator.getStatus().getCode());
        assertThat(notificationsOf(member)).isEmpty();
    }

    private static String body(MimeMessage mail) {
        try {
            return mail.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
