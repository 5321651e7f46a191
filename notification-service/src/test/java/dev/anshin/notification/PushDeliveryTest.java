package dev.anshin.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.anshin.notification.NotificationTestSupport.attemptsOf;
import static dev.anshin.notification.NotificationTestSupport.cardStatus;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static dev.anshin.notification.NotificationTestSupport.usage;
import static dev.anshin.notification.PushProviderResource.answer;
import static dev.anshin.notification.PushProviderResource.pushedTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.anshin.api.notification.v1.ListPushDevicesRequest;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.cards.CardNumberText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonObject;

/**
 * Usage and security notices go by push, through Firebase Cloud Messaging HTTP v1 (WireMock here, with Google's token
 * endpoint), to every device the member registered, in addition to the e-mail; each push is a delivery of the outbox
 * with its back-off, attempt history and dead letters.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(PushProviderResource.class)
class PushDeliveryTest extends NotificationServiceTest {

    /** A member with an e-mail address on file and one registered Android device; returns the member. */
    private String memberWithDevice(String token) {
        String member = newMemberWithEmail(support, newEmail());
        register(member, token);
        return member;
    }

    private String register(String member, String token) {
        return support.member(member).registerPushDevice(RegisterPushDeviceRequest.newBuilder().setToken(token)
                .setPlatform(PushPlatform.PUSH_PLATFORM_ANDROID).build()).getDevice().getId();
    }

    private static List<Delivery> pushesOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select d from Delivery d where d.notificationId = :n and d.channel = :push order by d.createdAt", Delivery.class)
                .setParameter("n", notificationId).setParameter("push", DeliveryChannel.PUSH).getResultList());
    }

    private static Delivery onlyPushOf(String notificationId) {
        List<Delivery> pushes = pushesOf(notificationId);
        assertThat(pushes).hasSize(1);
        return pushes.get(0);
    }

    private Notification usageNoticeOf(String member) {
        support.cardControl().notifyUsage(usage(member, 12_800, UsageCategory.USAGE_CATEGORY_ONLINE));
        return notificationsOf(member).stream().filter(n -> n.kind == NotificationKind.USAGE).findFirst().orElseThrow();
    }

    @Test
    void aRegisteredDeviceReceivesTheUsageNoticeByPush() {
        String token = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(token);
        answer(token, aResponse().withStatus(200).withBody("{\"name\":\"projects/anshin-test/messages/1\"}"));

        Notification notice = usageNoticeOf(member);
        relay.deliverDue(Instant.now());

        List<LoggedRequest> sent = pushedTo(token);
        assertThat(sent).hasSize(1);
        JsonObject message = new JsonObject(sent.get(0).getBodyAsString()).getJsonObject("message");
        assertEquals(token, message.getString("token"));
        assertEquals("【安心カード】カードご利用のお知らせ", message.getJsonObject("notification").getString("title"));
        assertEquals("カードのご利用がありましたので、お知らせいたします。", message.getJsonObject("notification").getString("body"));
        assertEquals(new JsonObject().put("notificationId", notice.id).put("kind", "USAGE"), message.getJsonObject("data"));
        assertThat(message.fieldNames()).containsExactlyInAnyOrder("token", "notification", "data");
        assertThat(CardNumberText.containsCardNumber(message.getJsonObject("notification").encode())).isFalse();
        assertThat(sent.get(0).getHeader("Content-Type")).isEqualToIgnoringCase("application/json; charset=utf-8");

        Delivery push = onlyPushOf(notice.id);
        assertEquals(Delivery.State.DELIVERED, push.state);
        assertEquals(DeliveryState.DELIVERED, notificationsOf(member).get(0).state, "the e-mail went too");
        assertThat(NotificationTestSupport.mailTo(QuarkusTransaction.requiringNew()
                .call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                        .find(NotificationPreference.class, member).email))).hasSize(1);
    }

    @Test
    void theFcmRequestCarriesTheOAuthTokenFromTheServiceAccountGrant() throws Exception {
        String token = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(token);
        answer(token, aResponse().withStatus(200));

        usageNoticeOf(member);
        support.cardControl().notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP"));
        relay.deliverDue(Instant.now());

        List<LoggedRequest> sent = pushedTo(token);
        assertThat(sent).hasSize(2);
        for (LoggedRequest request : sent) {
            assertEquals("Bearer " + PushProviderResource.ACCESS_TOKEN, request.getHeader("Authorization"));
        }
        List<LoggedRequest> grants = PushProviderResource.server().findAll(postRequestedFor(urlEqualTo(PushProviderResource.TOKEN_PATH)));
        assertThat(grants).as("the access token is reused until it expires").hasSize(1);
        LoggedRequest grant = grants.get(0);
        assertThat(grant.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String form = grant.getBodyAsString();
        assertThat(form).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
        String assertion = URLDecoder.decode(form.substring(form.indexOf("assertion=") + "assertion=".length()), StandardCharsets.UTF_8);
        String[] parts = assertion.split("\\.");
        assertEquals(3, parts.length);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(PushProviderResource.publicKey());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])), "signed RS256 with the service account's key");
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", PushProviderResource.KEY_ID), header);
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        assertEquals(PushProviderResource.CLIENT_EMAIL, claims.getString("iss"));
        assertEquals(PushProviderResource.tokenUri(), claims.getString("aud"));
        assertEquals("https://www.googleapis.com/auth/firebase.messaging", claims.getString("scope"));
        assertEquals(3600, claims.getLong("exp") - claims.getLong("iat"));
    }

    @Test
    void aPushIsRetriedOn503AndNotOn400() {
        String busyToken = PushDevicesTest.newFcmToken();
        String refusedToken = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(busyToken);
        register(member, refusedToken);
        answer(busyToken, aResponse().withStatus(503).withHeader("Retry-After", "120")
                .withBody("{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}"));
        answer(refusedToken, aResponse().withStatus(400).withBody("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"INVALID_ARGUMENT\"}]}}"));

        Notification notice = usageNoticeOf(member);
        Instant now = Instant.now();
        relay.deliverDue(now);
        relay.deliverDue(now.plusSeconds(60)); // the back-off alone (30 s ±20 %) would be over; Retry-After is not

        List<Delivery> pushes = pushesOf(notice.id);
        Delivery busy = pushes.stream().filter(d -> d.state == Delivery.State.PENDING).findFirst().orElseThrow();
        Delivery refused = pushes.stream().filter(d -> d.state == Delivery.State.DEAD).findFirst().orElseThrow();
        assertThat(pushedTo(busyToken)).hasSize(1);
        // (MariaDB keeps whole seconds through mysql-connector-j, which takes it for a 5.5 server.)
        assertThat(busy.nextAttemptAt).as("FCM's Retry-After honoured").isAfterOrEqualTo(now.plusSeconds(119));
        assertEquals("RetryableDeliveryFailure: FCM answered 503", busy.lastError);
        assertThat(pushedTo(refusedToken)).as("a 400 is never retried").hasSize(1);
        assertEquals(1, refused.attempts);
        assertEquals("PermanentDeliveryFailure: FCM answered 400 INVALID_ARGUMENT", refused.lastError);
        assertEquals(DeliveryState.DELIVERED, notificationsOf(member).get(0).state, "the e-mail's state is the notice's");

        answer(busyToken, aResponse().withStatus(200));
        relay.deliverDue(busy.nextAttemptAt);
        Delivery delivered = pushesOf(notice.id).stream().filter(d -> d.id.equals(busy.id)).findFirst().orElseThrow();
        assertEquals(Delivery.State.DELIVERED, delivered.state);
        assertThat(attemptsOf(delivered.id)).extracting(a -> a.error)
                .containsExactly("RetryableDeliveryFailure: FCM answered 503", null);
        for (Delivery d : pushesOf(notice.id)) {
            assertThat(d.lastError == null ? "" : d.lastError).doesNotContain(busyToken).doesNotContain(refusedToken);
        }
    }

    @Test
    void aPushIsRetriedOn429() {
        String token = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(token);
        answer(token, aResponse().withStatus(429));

        Notification notice = usageNoticeOf(member);
        Instant now = Instant.now();
        relay.deliverDue(now);

        Delivery push = onlyPushOf(notice.id);
        assertEquals(Delivery.State.PENDING, push.state);
        assertThat(Duration.between(now, push.nextAttemptAt)).isBetween(Duration.ofSeconds(23), Duration.ofSeconds(37));
    }

    @Test
    void anUnregisteredTokenIsRemovedAndNotRetried() {
        String token = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(token);
        answer(token, aResponse().withStatus(404).withBody("{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\","
                + "\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
                + "\"errorCode\":\"UNREGISTERED\"}]}}"));

        Notification notice = usageNoticeOf(member);
        Instant now = Instant.now();
        relay.deliverDue(now);
        relay.deliverDue(now.plus(Duration.ofHours(2)));

        assertThat(pushedTo(token)).hasSize(1);
        Delivery push = onlyPushOf(notice.id);
        assertEquals(Delivery.State.DEAD, push.state);
        assertEquals("UnregisteredPushDevice: FCM answered 404 UNREGISTERED: the registration token is no longer valid", push.lastError);
        assertThat(support.member(member).listPushDevices(ListPushDevicesRequest.getDefaultInstance()).getDevicesList())
                .as("the device is removed").isEmpty();

        support.cardControl().notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP"));
        Notification status = notificationsOf(member).stream().filter(n -> n.kind == NotificationKind.CARD_STATUS).findFirst().orElseThrow();
        assertThat(pushesOf(status.id)).as("nothing more is pushed to a removed device").isEmpty();
    }

    @Test
    void securityNoticesGoToEveryDeviceAndAreNeverHeld() {
        String first = PushDevicesTest.newFcmToken();
        String second = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(first);
        register(member, second);
        answer(first, aResponse().withStatus(200));
        answer(second, aResponse().withStatus(200));

        support.cardControl().notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP"));
        relay.deliverDue(Instant.now());

        assertThat(pushedTo(first)).hasSize(1);
        assertThat(pushedTo(second)).hasSize(1);
        String body = pushedTo(first).get(0).getBodyAsString();
        assertThat(CardNumberText.containsCardNumber(body)).isFalse();
        assertThat(new JsonObject(body).getJsonObject("message").getJsonObject("data").getString("kind")).isEqualTo("CARD_STATUS");
    }

    @Test
    void quietHoursHoldTheUsagePushButNeverTheSecurityPush() {
        String token = PushDevicesTest.newFcmToken();
        String member = memberWithDevice(token);
        answer(token, aResponse().withStatus(200));
        // Quiet hours around now (Japan time): from an hour ago until two hours from now.
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        support.member(member).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(true)
                .setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString()))).build());

        Notification usage = usageNoticeOf(member);
        support.cardControl().notifyCardStatusChange(cardStatus(member, "SUSPENDED", "TEMPORARY_STOP"));
        relay.deliverDue(Instant.now());

        List<LoggedRequest> sent = pushedTo(token);
        assertThat(sent).as("only the card-status push, at once").hasSize(1);
        assertThat(sent.get(0).getBodyAsString()).contains("\"kind\":\"CARD_STATUS\"");
        Delivery held = onlyPushOf(usage.id);
        assertEquals(Delivery.State.PENDING, held.state);
        assertThat(held.nextAttemptAt).as("held until the quiet hours end, like its e-mail").isAfter(Instant.now().plusSeconds(3_000));

        relay.deliverDue(held.nextAttemptAt.plusSeconds(1));
        assertThat(pushedTo(token)).hasSize(2);
    }
}
