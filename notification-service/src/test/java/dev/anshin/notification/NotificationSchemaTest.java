package dev.anshin.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.notification.repository.NotificationPreferenceRepository;
import dev.anshin.notification.repository.NotificationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The V1 schema on the real MariaDB: every entity round-trips, and the table's own rules hold. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class NotificationSchemaTest {

    // MariaDB seen through mysql-connector-j drops fractional seconds: compare whole seconds only.
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Inject
    NotificationPreferenceRepository preferences;

    @Inject
    NotificationRepository notifications;

    @Test
    void preferencesAreStoredWholeAndVersionedOnEveryChange() {
        String member = GrpcTestClient.newMemberId();
        QuarkusTransaction.requiringNew().run(() -> {
            var preference = new NotificationPreference();
            preference.memberId = member;
            preference.usageNotificationsEnabled = true;
            preference.usageThreshold = 30_000;
            preference.usageCategories = EnumSet.of(UsageCategory.OVERSEAS, UsageCategory.ONLINE);
            preference.language = Language.EN;
            preference.email = "hanako@example.jp";
            preference.phoneNumber = "+819012345678";
            preference.updatedAt = NOW;
            preferences.persist(preference);
        });

        var stored = QuarkusTransaction.requiringNew().call(() -> preferences.findById(member));

        assertThat(stored.usageNotificationsEnabled).isTrue();
        assertEquals(30_000, stored.usageThreshold);
        assertEquals(EnumSet.of(UsageCategory.ONLINE, UsageCategory.OVERSEAS), stored.usageCategories);
        assertEquals(Language.EN, stored.language);
        assertEquals("hanako@example.jp", stored.email);
        assertEquals("+819012345678", stored.phoneNumber);
        assertEquals(NOW, stored.updatedAt);
        assertEquals(0, stored.version);

        QuarkusTransaction.requiringNew().run(() -> {
            var preference = preferences.findById(member);
            preference.usageCategories.clear();
            preference.usageThreshold = 0;
        });
        var changed = QuarkusTransaction.requiringNew().call(() -> preferences.findById(member));

        assertThat(changed.usageCategories).as("empty: every category").isEmpty();
        assertEquals(0, changed.usageThreshold);
        assertEquals(1, changed.version);
    }

    @Test
    void aNegativeUsageThresholdIsRefusedByTheDatabase() {
        var preference = new NotificationPreference();
        preference.memberId = GrpcTestClient.newMemberId();
        preference.usageThreshold = -1;
        preference.language = Language.JA;
        preference.updatedAt = NOW;

        var failure = assertThrows(RuntimeException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> preferences.persistAndFlush(preference)));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("ck_notification_preference_threshold");
    }

    @Test
    void aNotificationIsStoredAsPresented() {
        String member = GrpcTestClient.newMemberId();
        String event = "session-" + UUID.randomUUID();
        String id = QuarkusTransaction.requiringNew().call(() -> {
            var notification = notification(member, NotificationKind.LOGIN, event);
            notifications.persist(notification);
            return notification.id;
        });

        var stored = QuarkusTransaction.requiringNew().call(() -> notifications.findByEvent(NotificationKind.LOGIN, event))
                .orElseThrow();

        assertEquals(id, stored.id);
        assertEquals(member, stored.memberId);
        assertEquals(NotificationKind.LOGIN, stored.kind);
        assertEquals(DeliveryChannel.EMAIL, stored.channel);
        assertEquals(Language.JA, stored.language);
        assertEquals("ログインのお知らせ", stored.subject);
        assertThat(stored.body).startsWith("新しいログインがありました");
        assertEquals(DeliveryState.QUEUED, stored.state);
        assertEquals(NOW, stored.createdAt);
    }

    @Test
    void aSecondNotificationOfTheSameKindForTheSameEventIsRefusedByTheDatabase() {
        String member = GrpcTestClient.newMemberId();
        String event = "authorization-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> notifications.persist(notification(member, NotificationKind.USAGE, event)));

        var failure = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew()
                .run(() -> notifications.persistAndFlush(notification(member, NotificationKind.USAGE, event))));

        assertThat(databaseRefusal(failure)).containsIgnoringCase("uk_notification_kind_event");
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> notifications.count("eventId", event)));
    }

    @Test
    void oneEventMayBePresentedOnceForEachKind() {
        // A purchase held for a usage confirmation, then approved: the same authorization id, two kinds of message.
        String member = GrpcTestClient.newMemberId();
        String event = "authorization-" + UUID.randomUUID();

        QuarkusTransaction.requiringNew().run(() -> {
            var confirmation = notification(member, NotificationKind.USAGE_CONFIRMATION, event);
            confirmation.channel = DeliveryChannel.SMS;
            confirmation.subject = null;
            notifications.persist(confirmation);
            notifications.persist(notification(member, NotificationKind.USAGE, event));
        });

        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> notifications.count("eventId", event)));
        var sms = QuarkusTransaction.requiringNew()
                .call(() -> notifications.findByEvent(NotificationKind.USAGE_CONFIRMATION, event)).orElseThrow();
        assertThat(sms.subject).as("an SMS has no subject").isNull();
    }

    private static Notification notification(String member, NotificationKind kind, String event) {
        var notification = new Notification();
        notification.id = UUID.randomUUID().toString();
        notification.memberId = member;
        notification.eventId = event;
        notification.kind = kind;
        notification.channel = DeliveryChannel.EMAIL;
        notification.language = Language.JA;
        notification.subject = "ログインのお知らせ";
        notification.body = "新しいログインがありました。日時: 2025-05-07 09:30 (JST)";
        notification.state = DeliveryState.QUEUED;
        notification.createdAt = NOW;
        return notification;
    }

    /** The database's own refusal message (it names the violated constraint). */
    private static String databaseRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected the database to refuse the write", failure);
    }
}
