package dev.anshin.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithPhone;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.AuthenticationCodeResult;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeResponse;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.kit.testing.GrpcTestClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * SendAuthenticationCode: a 3-D Secure one-time code goes out by SMS through the delivery outbox (the provider is
 * WireMock here, as in {@link SmsDeliveryTest}), once per challenge, never held by quiet hours; the member's history
 * says a code was sent, never the code, and no row keeps the code once it is sent or expired.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(SmsProviderResource.class)
class AuthenticationCodeSmsTest extends NotificationServiceTest {

    @Inject
    DataSource dataSource;

    private static String newPhone() {
        return "+8190" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    private static String newCode() {
        return String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    private static void answer(String phone, ResponseDefinitionBuilder response) {
        SmsProviderResource.server().stubFor(post(urlEqualTo(SmsProviderResource.PATH))
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone)))
                .willReturn(response));
    }

    private static List<LoggedRequest> sentTo(String phone) {
        return SmsProviderResource.server().findAll(postRequestedFor(urlEqualTo(SmsProviderResource.PATH))
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone))));
    }

    /** The code of a challenge, as card-control's relay sends it. */
    static SendAuthenticationCodeRequest code(String member, String challengeId, String code, Instant expiresAt) {
        return SendAuthenticationCodeRequest.newBuilder()
                .setChallengeId(challengeId)
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(CardId.newBuilder().setValue(UUID.randomUUID().toString()))
                .setCardLast4("4242")
                .setAmount(Yen.newBuilder().setAmount(50_000))
                .setMerchantName("アンシン書店 オンライン")
                .setCode(code)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(expiresAt.getEpochSecond()))
                .build();
    }

    private SendAuthenticationCodeResponse send(SendAuthenticationCodeRequest request) {
        return support.cardControl().sendAuthenticationCode(request);
    }

    private static Notification codeNoticeOf(String member) {
        return notificationsOf(member).stream().filter(n -> n.kind == NotificationKind.AUTHENTICATION_CODE)
                .findFirst().orElseThrow();
    }

    @Test
    void theCodeGoesOutBySmsButNeverIntoTheHistory() {
        String phone = newPhone();
        String member = newMemberWithPhone(support, phone);
        answer(phone, aResponse().withStatus(202));
        String code = newCode();

        SendAuthenticationCodeResponse queued = send(code(member, UUID.randomUUID().toString(), code,
                Instant.now().plus(Duration.ofMinutes(5))));
        relay.deliverDue(Instant.now());

        assertEquals(AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_QUEUED, queued.getResult());
        assertThat(sentTo(phone)).singleElement().satisfies(sms -> assertThat(sms.getBodyAsString())
                .contains(code, "末尾4242", "50,000円", "アンシン書店 オンライン"));
        assertThat(queued.getNotification().getBody()).doesNotContain(code).contains("本人認証コード");
        var history = support.member(member).listNotifications(ListNotificationsRequest.getDefaultInstance());
        assertThat(history.getNotificationsList()).singleElement().satisfies(n -> {
            assertThat(n.getBody()).doesNotContain(code);
            assertEquals(dev.anshin.api.notification.v1.NotificationKind.NOTIFICATION_KIND_AUTHENTICATION_CODE, n.getKind());
            assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_DELIVERED, n.getState());
        });
        assertNull(deliveryOf(codeNoticeOf(member).id).secretText, "erased once the provider took it");
    }

    @Test
    void aCodeIsNeverKeptInAnyRowOnceSentOrExpired() throws Exception {
        String phone = newPhone();
        String member = newMemberWithPhone(support, phone);
        answer(phone, aResponse().withStatus(202));
        String sent = newCode();
        String expired = newCode();
        send(code(member, UUID.randomUUID().toString(), sent, Instant.now().plus(Duration.ofMinutes(5))));
        relay.deliverDue(Instant.now());
        // The provider is down for the code's five minutes: never sent, erased at its expiry.
        String otherPhone = newPhone();
        String other = newMemberWithPhone(support, otherPhone);
        answer(otherPhone, aResponse().withStatus(503));
        Instant expiry = Instant.now().plus(Duration.ofMinutes(5));
        send(code(other, UUID.randomUUID().toString(), expired, expiry));
        relay.deliverDue(Instant.now());
        relay.eraseSecretsExpiredBy(expiry);

        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            for (String[] column : columns) {
                try (ResultSet rows = statement.executeQuery("SELECT `" + column[1] + "` FROM `" + column[0] + "`")) {
                    while (rows.next()) {
                        byte[] value = rows.getBytes(1);
                        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
                        if (text.contains(sent) || text.contains(expired)) {
                            found.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
        }
        assertThat(found).as("columns holding a one-time code").isEmpty();
    }

    @Test
    void aCodeNotSentBeforeItExpiresIsNeverSent() {
        String phone = newPhone();
        String member = newMemberWithPhone(support, phone);
        answer(phone, aResponse().withStatus(202));
        Instant expiry = Instant.now().plus(Duration.ofMinutes(5));
        send(code(member, UUID.randomUUID().toString(), newCode(), expiry));

        relay.deliverDue(expiry); // the relay comes back only after the five minutes

        assertThat(sentTo(phone)).isEmpty();
        Delivery delivery = deliveryOf(codeNoticeOf(member).id);
        assertEquals(Delivery.State.DEAD, delivery.state);
        assertNull(delivery.secretText);
        assertEquals("the one-time code expired before it could be sent", delivery.lastError);
    }

    @Test
    void theSameChallengeTwiceSendsOneSms() {
        String phone = newPhone();
        String member = newMemberWithPhone(support, phone);
        answer(phone, aResponse().withStatus(202));
        SendAuthenticationCodeRequest request = code(member, UUID.randomUUID().toString(), newCode(),
                Instant.now().plus(Duration.ofMinutes(5)));

        SendAuthenticationCodeResponse first = send(request);
        SendAuthenticationCodeResponse again = send(request);
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), again.getNotification().getId());
        assertThat(sentTo(phone)).hasSize(1);
    }

    @Test
    void aMemberWithoutAPhoneIsAnsweredUndeliverable() {
        String member = GrpcTestClient.newMemberId();

        SendAuthenticationCodeResponse response = send(code(member, UUID.randomUUID().toString(), newCode(),
                Instant.now().plus(Duration.ofMinutes(5))));

        assertEquals(AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_UNDELIVERABLE, response.getResult());
        assertFalse(response.hasNotification());
        assertThat(notificationsOf(member)).isEmpty();
    }

    @Test
    void anAuthenticationCodeIsNeverHeldByQuietHours() {
        String phone = newPhone();
        String member = newMemberWithPhone(support, phone);
        answer(phone, aResponse().withStatus(202));
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(true).setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString()))).build());

        send(code(member, UUID.randomUUID().toString(), newCode(), Instant.now().plus(Duration.ofMinutes(5))));
        relay.deliverDue(Instant.now());

        assertThat(sentTo(phone)).hasSize(1);
        assertEquals(DeliveryState.DELIVERED, codeNoticeOf(member).state, "sent at once, inside the quiet hours");
    }

    @Test
    void onlyCardControlSendsCodesAndAMalformedCodeIsRefusedWithoutRepeatingIt() {
        String member = GrpcTestClient.newMemberId();
        var request = code(member, UUID.randomUUID().toString(), "12345", Instant.now().plus(Duration.ofMinutes(5)));

        var malformed = assertThrows(StatusRuntimeException.class, () -> send(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        assertThat(malformed.getStatus().getDescription()).doesNotContain("12345");
        var member401 = assertThrows(StatusRuntimeException.class, () -> support.member(member)
                .sendAuthenticationCode(code(member, UUID.randomUUID().toString(), newCode(), Instant.now())));
        assertEquals(Status.Code.PERMISSION_DENIED, member401.getStatus().getCode());
    }
}
