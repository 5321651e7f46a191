package dev.anshin.notification;

import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.UpdateContactDetailsRequest;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.api.notification.v1.ReportNotMeRequest;
import dev.anshin.api.notification.v1.ReportNotMeResponse;
import dev.anshin.kit.testing.KeycloakLogin;
import dev.anshin.kit.testing.KeycloakServer;
import dev.anshin.notification.service.FollowUpRelay;
import dev.anshin.notification.service.KeycloakAdminTokens;
import dev.anshin.notification.service.KeycloakLoginEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * ログイン通知 for logins at the real Keycloak, with the realm {@code ./anshin up} imports: its login events are read
 * with a cursor kept in this service's database, and each login, by password alone or two-step, is one e-mail.
 * "This wasn't me" ends the member's sessions there, through its admin API as the client {@code notification}.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
class KeycloakLoginNoticeTest extends NotificationServiceTest {

    static final Path REALM_FILE = Path.of("../gateway/keycloak/anshin-realm.json");
    static final Path DISTRIBUTION = Path.of("target/keycloak/keycloak-" + System.getProperty("keycloak.version", "26.7.3"));

    static KeycloakServer keycloak;
    static JsonObject realm;

    @Inject
    KeycloakLoginEvents reader;

    @Inject
    FollowUpRelay followUps;

    @Inject
    KeycloakAdminTokens adminTokens;

    @Inject
    dev.anshin.notification.service.KeycloakSessions sessions;

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = KeycloakServer.start(DISTRIBUTION, REALM_FILE);
        realm = new JsonObject(Files.readString(REALM_FILE));
    }

    private KeycloakLoginEvents.Source source() {
        String secret = realm.getJsonArray("clients").stream().map(JsonObject.class::cast)
                .filter(c -> "notification".equals(c.getString("clientId"))).findFirst().orElseThrow().getString("secret");
        return new KeycloakLoginEvents.Source(keycloak.baseUri().toString(), realm.getString("realm"), "notification", secret);
    }

    private JsonObject user(String username) {
        return realm.getJsonArray("users").stream().map(JsonObject.class::cast)
                .filter(u -> username.equals(u.getString("username"))).findFirst().orElseThrow();
    }

    private String credential(JsonObject user, String type) {
        JsonObject credential = user.getJsonArray("credentials").stream().map(JsonObject.class::cast)
                .filter(c -> type.equals(c.getString("type"))).findFirst().orElseThrow();
        return "otp".equals(type) ? new JsonObject(credential.getString("secretData")).getString("value")
                : credential.getString("value");
    }

    /** Signs the member in through Keycloak's login pages, as the app does. */
    private void logIn(String username, boolean twoStep) throws Exception {
        JsonObject user = user(username);
        new KeycloakLogin(keycloak.issuer(), "anshin-mobile", "http://127.0.0.1:18999/callback")
                .accessToken(username, credential(user, "password"), credential(user, "otp"), twoStep);
    }

    private static List<MimeMessage> loginMailTo(String email) {
        return mailTo(email).stream().filter(m -> LoginNoticeTest.subjectOf(m).contains("ログイン")).toList();
    }

    @Test
    void everyLoginAtKeycloakIsOneEmailWithItsMethodNeverRepeated() throws Exception {
        String hanako = user("hanako").getString("id");
        String email = newEmail();
        support.member(hanako).updateContactDetails(UpdateContactDetailsRequest.newBuilder().setEmail(email).build());
        reader.read(source());

        logIn("hanako", false);
        logIn("hanako", true);
        int presented = reader.read(source());
        relay.deliverDue(Instant.now());
        // A second pass as if every retry were due: an e-mail whose send failed the first time (the test SMTP client
        // sometimes stalls until its send timeout) goes now, and one already sent must not go again.
        relay.deliverDue(Instant.now().plus(Duration.ofMinutes(10)));

        assertEquals(2, presented);
        List<MimeMessage> mails = loginMailTo(email);
        assertThat(mails).hasSize(2);
        List<String> bodies = mails.stream().map(m -> {
            try {
                return m.getContent().toString().replace("\r\n", "\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(bodies).allSatisfy(body -> assertThat(body).contains("IPアドレス: 127.0.0.1", "ログイン先: anshin-mobile",
                "（日本時間）", "アプリを開いて").doesNotContain("http"));
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("ログイン方法: パスワード\n"));
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains("ログイン方法: パスワードとワンタイムコード（二段階認証）"));

        // The next passes read the same events again (the overlap) and present nothing twice.
        assertEquals(0, reader.read(source()));
        relay.deliverDue(Instant.now());
        assertThat(loginMailTo(email)).hasSize(2);
    }

    @Test
    void aLoginOfAMemberWithLoginNoticesOffIsReadAndNotSent() throws Exception {
        String taro = user("taro").getString("id");
        support.member(taro).updatePreferences(UpdatePreferencesRequest.newBuilder()
                .setPreferences(Preferences.newBuilder().setLoginNotificationsEnabled(false)).build());
        reader.read(source());
        long before = notificationsOf(taro).stream().filter(n -> n.kind == NotificationKind.LOGIN).count();

        logIn("taro", false);

        assertEquals(0, reader.read(source()));
        assertThat(notificationsOf(taro).stream().filter(n -> n.kind == NotificationKind.LOGIN).count()).isEqualTo(before);
        support.member(taro).updatePreferences(UpdatePreferencesRequest.newBuilder()
                .setPreferences(Preferences.newBuilder().setLoginNotificationsEnabled(true)).build());
    }

    @Test
    void notMeSuspendsEveryActiveCardAndEndsSessions() throws Exception {
        // Taro: the login-notice tests count Hanako's login e-mails, and these logins are login events too.
        String taro = user("taro").getString("id");
        logIn("taro", false);
        logIn("taro", false);
        assertThat(sessionsAtKeycloak(taro)).as("signed in on two devices").isGreaterThanOrEqualTo(2);

        ReportNotMeResponse report = support.member(taro).reportNotMe(ReportNotMeRequest.getDefaultInstance());
        followUps.relayDue(Instant.now(), source());

        assertEquals(0, sessionsAtKeycloak(taro), "every session ended at Keycloak");
        assertThat(CardControlReceiver.suspensions).filteredOn(s -> s.getReportId().equals(report.getReportId()))
                .singleElement().satisfies(s -> assertEquals(taro, s.getMemberId().getValue()));
        assertThat(UsageConfirmationAnswerTest.followUpsOf(report.getReportId())).hasSize(2)
                .allSatisfy(f -> assertEquals(FollowUp.State.DONE, f.state));
        // Made again (a relay that died before recording it): ending sessions already ended is done too.
        sessions.endAll(source(), taro);
        assertEquals(0, sessionsAtKeycloak(taro));
    }

    /** The member's sessions as Keycloak's admin API lists them. */
    private int sessionsAtKeycloak(String userId) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(keycloak.baseUri().resolve("/admin/realms/"
                + realm.getString("realm") + "/users/" + userId + "/sessions"))
                .header("Authorization", "Bearer " + adminTokens.accessToken(source())).GET().build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new JsonArray(response.body()).size();
    }
}
