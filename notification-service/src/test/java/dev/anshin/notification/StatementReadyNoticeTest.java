package dev.anshin.notification;

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
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.Language;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * "Your statement is ready" (an account notice, from statement-service's outbox relay): one per statement however
 * often it is delivered, in the member's language, with the billing month, the total and the payment date; never a
 * card number or a link, never held by quiet hours, never switched off.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class StatementReadyNoticeTest extends NotificationServiceTest {

    private NotificationServiceGrpc.NotificationServiceBlockingStub statementService() {
        return support.as(Tokens.system("statement", "statement"));
    }

    private static NotifyStatementReadyRequest ready(String member) {
        return NotifyStatementReadyRequest.newBuilder()
                .setStatementId(UUID.randomUUID().toString())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setClosingDate(CalendarDate.newBuilder().setYear(2026).setMonth(4).setDay(10))
                .setPaymentDate(CalendarDate.newBuilder().setYear(2026).setMonth(5).setDay(7))
                .setTotal(Yen.newBuilder().setAmount(123_456))
                .build();
    }

    @Test
    void aStatementReadyNoticeIsSentOnceInTheMembersLanguage() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        NotifyStatementReadyRequest statement = ready(member);

        // The relay sends it, its acknowledgement is lost, it sends it again.
        var first = statementService().notifyStatementReady(statement);
        var again = statementService().notifyStatementReady(statement);
        relay.deliverDue(Instant.now());
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), again.getNotification().getId(), "the first notice, again");
        assertThat(notificationsOf(member)).singleElement().satisfies(n -> {
            assertEquals(NotificationKind.STATEMENT_READY, n.kind);
            assertEquals(statement.getStatementId(), n.eventId);
            assertEquals(DeliveryState.DELIVERED, n.state);
            assertThat(n.subject).contains("2026年4月分");
            assertThat(n.body).contains("2026年4月分", "123,456円", "2026年5月7日", "アプリ");
            assertThat(n.body).doesNotContain("http", "www.");
        });
        assertThat(mailTo(email)).as("one e-mail for one statement").hasSize(1);

        String englishEmail = newEmail();
        String english = newMemberWithEmail(support, englishEmail);
        support.member(english).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(true).setLanguage(Language.LANGUAGE_EN)).build());
        statementService().notifyStatementReady(ready(english));
        relay.deliverDue(Instant.now());

        assertThat(notificationsOf(english)).singleElement().satisfies(n -> {
            assertEquals("[Anshin Card] Your statement for April 2026 is ready", n.subject);
            assertThat(n.body).contains("¥123,456", "7 May 2026", "open the app").doesNotContain("http");
        });
        assertThat(mailTo(englishEmail)).singleElement().satisfies(mail -> assertThat(body(mail)).contains("¥123,456"));
    }

    @Test
    void statementReadyNoticesAreNeverHeldByQuietHoursNorSwitchedOff() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(false).setLoginNotificationsEnabled(false)
                .setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString()))).build());

        statementService().notifyStatementReady(ready(member));
        relay.deliverDue(Instant.now());

        assertThat(notificationsOf(member)).singleElement().satisfies(n -> assertEquals(DeliveryState.DELIVERED, n.state));
        assertThat(mailTo(email)).hasSize(1);
    }

    @Test
    void aMalformedStatementNoticeIsRefusedAndOnlyStatementServiceSendsOne() {
        String member = newMemberWithEmail(support, newEmail());
        var good = ready(member);
        for (var bad : new NotifyStatementReadyRequest[] {
            good.toBuilder().setStatementId("").build(),
            good.toBuilder().clearMemberId().build(),
            good.toBuilder().setClosingDate(CalendarDate.newBuilder().setYear(2026).setMonth(2).setDay(30)).build(),
            good.toBuilder().setPaymentDate(good.getClosingDate()).build(),
            good.toBuilder().setTotal(Yen.newBuilder().setAmount(-1)).build() }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> statementService().notifyStatementReady(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        }
        var asCardControl = assertThrows(StatusRuntimeException.class,
                () -> support.as(Tokens.system("card-control", "card-control")).notifyStatementReady(good));
        assertEquals(Status.Code.PERMISSION_DENIED, asCardControl.getStatus().getCode());
        var asMember = assertThrows(StatusRuntimeException.class, () -> support.member(member).notifyStatementReady(good));
        assertEquals(Status.Code.PERMISSION_DENIED, asMember.getStatus().getCode());
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
