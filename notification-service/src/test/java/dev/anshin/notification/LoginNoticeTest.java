package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.notification.v1.LoginMethod;
import dev.anshin.api.notification.v1.NotifyLoginRequest;
import dev.anshin.api.notification.v1.NotifyLoginResponse;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** ログイン通知 from an identity provider other than Keycloak (NotifyLogin): one e-mail per login, no link. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class LoginNoticeTest extends NotificationServiceTest {

    static final String LOGIN_EVENTS = Tokens.system("other-idp", "login-events");

    static NotifyLoginRequest login(String member, LoginMethod method) {
        Instant at = Instant.parse("2026-12-02T01:05:00Z");
        return NotifyLoginRequest.newBuilder()
                .setEventId("session-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setLoggedInAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
                .setIpAddress("203.0.113.7")
                .setClient("anshin-mobile")
                .setMethod(method)
                .setDevice("iPhone / iOS 18")
                .build();
    }

    @Test
    void eachLoginIsOneEmailWithTimeInJapanIpClientAndMethodAndNoLink() throws Exception {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        NotifyLoginRequest login = login(member, LoginMethod.LOGIN_METHOD_TWO_STEP);

        NotifyLoginResponse first = support.as(LOGIN_EVENTS).notifyLogin(login);
        NotifyLoginResponse again = support.as(LOGIN_EVENTS).notifyLogin(login);
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), again.getNotification().getId());
        var mails = mailTo(email).stream().filter(m -> subjectOf(m).contains("ログイン")).toList();
        assertThat(mails).hasSize(1);
        String body = mails.get(0).getContent().toString();
        assertThat(body).contains("2026年12月2日 10:05", "203.0.113.7", "anshin-mobile", "二段階認証", "iPhone / iOS 18",
                "アプリを開いて");
        assertThat(body.toLowerCase()).doesNotContain("http", "www.");
    }

    @Test
    void noLoginNoticeWhenTheMemberTurnedThemOff() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder()
                .setPreferences(Preferences.newBuilder().setLoginNotificationsEnabled(false)).build());

        NotifyLoginResponse response = support.as(LOGIN_EVENTS).notifyLogin(login(member, LoginMethod.LOGIN_METHOD_PASSWORD));
        relay.deliverDue(Instant.now());

        assertFalse(response.hasNotification());
        assertThat(notificationsOf(member)).noneMatch(n -> n.kind == NotificationKind.LOGIN);
    }

    @Test
    void onlyTheLoginEventsRoleMayReportLogins() {
        String member = newMemberWithEmail(support, newEmail());
        var refused = assertThrows(StatusRuntimeException.class,
                () -> support.member(member).notifyLogin(login(member, LoginMethod.LOGIN_METHOD_PASSWORD)));
        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertThat(notificationsOf(member)).noneMatch(n -> n.kind == NotificationKind.LOGIN);
    }

    @Test
    void malformedLoginIsInvalidArgumentAndChangesNothing() {
        String member = newMemberWithEmail(support, newEmail());
        for (NotifyLoginRequest bad : new NotifyLoginRequest[] {
            login(member, LoginMethod.LOGIN_METHOD_PASSWORD).toBuilder().setEventId("").build(),
            login(member, LoginMethod.LOGIN_METHOD_PASSWORD).toBuilder().setIpAddress("not an address").build(),
            login(member, LoginMethod.LOGIN_METHOD_PASSWORD).toBuilder().setClient("").build(),
            login(member, LoginMethod.LOGIN_METHOD_PASSWORD).toBuilder().clearLoggedInAt().build() }) {
            var refused = assertThrows(StatusRuntimeException.class, () -> support.as(LOGIN_EVENTS).notifyLogin(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        }
        assertThat(notificationsOf(member)).noneMatch(n -> n.kind == NotificationKind.LOGIN);
    }

    static String subjectOf(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
