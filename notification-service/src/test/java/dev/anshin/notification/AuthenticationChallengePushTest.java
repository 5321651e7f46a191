package dev.anshin.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.anshin.notification.NotificationTestSupport.mailTo;
import static dev.anshin.notification.NotificationTestSupport.newEmail;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithEmail;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static dev.anshin.notification.PushProviderResource.answer;
import static dev.anshin.notification.PushProviderResource.pushedTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.ListNotificationsRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeResponse;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.PushPlatform;
import dev.anshin.api.notification.v1.RegisterPushDeviceRequest;
import dev.anshin.api.notification.v1.UpdatePreferencesRequest;
import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonObject;

/**
 * A 3-D Secure challenge waiting in the member's app (NotifyAuthenticationChallenge, from card-control's relay): a
 * security notice pushed to every registered device through FCM (WireMock, {@link PushProviderResource}), never
 * e-mailed, never held, one per challenge; without a device it is in the history only, answered OK.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(PushProviderResource.class)
class AuthenticationChallengePushTest extends NotificationServiceTest {

    private static final String MERCHANT = "アンシン書店 オンライン";

    /** An in-app challenge as card-control's relay sends it: 12,800 yen, card ending 0004, five minutes to answer. */
    static NotifyAuthenticationChallengeRequest challenge(String member) {
        Instant expires = Instant.now().plusSeconds(300);
        return NotifyAuthenticationChallengeRequest.newBuilder()
                .setChallengeId(UUID.randomUUID().toString())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(CardId.newBuilder().setValue(UUID.randomUUID().toString()))
                .setCardLast4("0004")
                .setAmount(Yen.newBuilder().setAmount(12_800))
                .setCurrency("JPY")
                .setMerchantName(MERCHANT)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
                .build();
    }

    private NotifyAuthenticationChallengeResponse notify(NotifyAuthenticationChallengeRequest request) {
        return support.cardControl().notifyAuthenticationChallenge(request);
    }

    private String register(String member, String token) {
        return support.member(member).registerPushDevice(RegisterPushDeviceRequest.newBuilder().setToken(token)
                .setPlatform(PushPlatform.PUSH_PLATFORM_IOS).build()).getDevice().getId();
    }

    private static List<Delivery> deliveriesOf(String notificationId) {
        return QuarkusTransaction.requiringNew().call(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createQuery("select d from Delivery d where d.notificationId = :n order by d.createdAt", Delivery.class)
                .setParameter("n", notificationId).getResultList());
    }

    private static Notification only(String member) {
        List<Notification> notices = notificationsOf(member);
        assertThat(notices).hasSize(1);
        return notices.get(0);
    }

    /** A member with an e-mail address on file and two devices whose pushes FCM takes. */
    private record Member(String id, String email, String firstToken, String secondToken) {
    }

    private Member memberWithTwoDevices() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        String first = PushDevicesTest.newFcmToken();
        String second = PushDevicesTest.newFcmToken();
        register(member, first);
        register(member, second);
        answer(first, aResponse().withStatus(200));
        answer(second, aResponse().withStatus(200));
        return new Member(member, email, first, second);
    }

    @Test
    void aChallengeIsPushedToEveryRegisteredDeviceAndNeverEmailed() {
        Member m = memberWithTwoDevices();

        NotifyAuthenticationChallengeResponse response = notify(challenge(m.id()));
        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_QUEUED, response.getNotification().getState());
        relay.deliverDue(Instant.now());

        for (String token : List.of(m.firstToken(), m.secondToken())) {
            List<LoggedRequest> sent = pushedTo(token);
            assertThat(sent).as("one push per device").hasSize(1);
            JsonObject message = new JsonObject(sent.get(0).getBodyAsString()).getJsonObject("message");
            assertEquals("【安心カード】ネットショッピングの本人認証のお願い", message.getJsonObject("notification").getString("title"));
            assertEquals("ネットショッピングでのカードのご利用について、ご本人確認をお願いします。アプリを開き、承認または拒否してください。",
                    message.getJsonObject("notification").getString("body"));
            assertEquals(new JsonObject().put("notificationId", response.getNotification().getId())
                    .put("kind", "AUTHENTICATION_CHALLENGE"), message.getJsonObject("data"));
        }
        Notification notice = only(m.id());
        assertEquals(NotificationKind.AUTHENTICATION_CHALLENGE, notice.kind);
        assertEquals(DeliveryChannel.PUSH, notice.channel);
        assertEquals(DeliveryState.DELIVERED, notice.state);
        assertThat(deliveriesOf(notice.id)).extracting(d -> d.channel).containsExactly(DeliveryChannel.PUSH, DeliveryChannel.PUSH);
        assertThat(mailTo(m.email())).as("a challenge is never e-mailed").isEmpty();
    }

    @Test
    void theSameChallengeTwiceIsOneNoticeAndOnePushPerDevice() {
        Member m = memberWithTwoDevices();
        NotifyAuthenticationChallengeRequest request = challenge(m.id());

        NotifyAuthenticationChallengeResponse first = notify(request);
        relay.deliverDue(Instant.now());
        NotifyAuthenticationChallengeResponse again = notify(request);
        relay.deliverDue(Instant.now());

        assertEquals(first.getNotification().getId(), again.getNotification().getId(), "answered with the first notice");
        assertEquals(1, notificationsOf(m.id()).size());
        assertThat(pushedTo(m.firstToken())).hasSize(1);
        assertThat(pushedTo(m.secondToken())).hasSize(1);
    }

    @Test
    void aChallengeIsNeverHeldByQuietHoursNorSwitchedOffByPreferences() {
        Member m = memberWithTwoDevices();
        // Quiet hours around now (Japan time), every optional notice off.
        ZonedDateTime now = ZonedDateTime.now(QuietHours.JAPAN);
        LocalTime start = now.toLocalTime().minusHours(1).withSecond(0).withNano(0);
        LocalTime end = now.toLocalTime().plusHours(2).withSecond(0).withNano(0);
        support.member(m.id()).updatePreferences(UpdatePreferencesRequest.newBuilder().setPreferences(Preferences.newBuilder()
                .setUsageNotificationsEnabled(false).setLoginNotificationsEnabled(false)
                .setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder()
                        .setStart(start.toString()).setEnd(end.toString()))).build());

        NotifyAuthenticationChallengeResponse response = notify(challenge(m.id()));
        relay.deliverDue(Instant.now());

        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_QUEUED, response.getNotification().getState(),
                "not HELD");
        assertThat(pushedTo(m.firstToken())).as("pushed at once, the purchase waits at the merchant").hasSize(1);
        assertThat(pushedTo(m.secondToken())).hasSize(1);
        assertEquals(DeliveryState.DELIVERED, only(m.id()).state);
    }

    @Test
    void aMemberWithNoDeviceGetsTheNoticeInTheAppOnlyAnsweredOk() {
        String email = newEmail();
        String member = newMemberWithEmail(support, email);
        NotifyAuthenticationChallengeRequest request = challenge(member);

        NotifyAuthenticationChallengeResponse response = notify(request);
        relay.deliverDue(Instant.now());

        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_IN_APP_ONLY, response.getNotification().getState());
        var history = support.member(member).listNotifications(ListNotificationsRequest.getDefaultInstance()).getNotificationsList();
        assertThat(history).hasSize(1);
        var shown = history.get(0);
        assertEquals(dev.anshin.api.notification.v1.NotificationKind.NOTIFICATION_KIND_AUTHENTICATION_CHALLENGE, shown.getKind());
        assertEquals(dev.anshin.api.notification.v1.DeliveryState.DELIVERY_STATE_IN_APP_ONLY, shown.getState());
        assertEquals(request.getChallengeId(), shown.getEventId());
        String expiry = java.time.format.DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm").withZone(QuietHours.JAPAN)
                .format(Instant.ofEpochSecond(request.getExpiresAt().getSeconds()));
        assertThat(shown.getBody()).as("the history shows the purchase and until when to answer")
                .contains("ご利用先: " + MERCHANT, "ご利用金額: 12,800円", "末尾 0004", "回答期限: " + expiry);
        assertThat(deliveriesOf(shown.getId())).as("nothing queued on any channel").isEmpty();
        assertThat(mailTo(email)).isEmpty();
        assertEquals(response.getNotification().getId(), notify(request).getNotification().getId());
    }

    @Test
    void nothingSecretOrDetailedGoesIntoThePush() {
        Member m = memberWithTwoDevices();

        notify(challenge(m.id()));
        relay.deliverDue(Instant.now());

        String body = pushedTo(m.firstToken()).get(0).getBodyAsString();
        JsonObject shown = new JsonObject(body).getJsonObject("message").getJsonObject("notification");
        assertThat(CardNumberText.containsCardNumber(body)).isFalse();
        assertThat(shown.encode()).as("a lock screen shows it to whoever holds the phone: the details stay in the app")
                .doesNotContain(MERCHANT).doesNotContain("12,800").doesNotContain("12800").doesNotContain("0004");
        assertThat(body).doesNotContain(m.secondToken());
    }

    @Test
    void theNoticeIsDeliveredWhenOneDeviceTakesItAndFailedOnlyWhenNoneCan() {
        String member = newMemberWithEmail(support, newEmail());
        String taking = PushDevicesTest.newFcmToken();
        String refusing = PushDevicesTest.newFcmToken();
        register(member, taking);
        register(member, refusing);
        answer(taking, aResponse().withStatus(200));
        answer(refusing, aResponse().withStatus(400));

        notify(challenge(member));
        relay.deliverDue(Instant.now());
        Notification delivered = only(member);
        assertEquals(DeliveryState.DELIVERED, delivered.state, "one device took it");
        assertThat(deliveriesOf(delivered.id)).extracting(d -> d.state)
                .containsExactlyInAnyOrder(Delivery.State.DELIVERED, Delivery.State.DEAD);

        String other = newMemberWithEmail(support, newEmail());
        String refusedA = PushDevicesTest.newFcmToken();
        String refusedB = PushDevicesTest.newFcmToken();
        register(other, refusedA);
        register(other, refusedB);
        answer(refusedA, aResponse().withStatus(400));
        answer(refusedB, aResponse().withStatus(403));
        notify(challenge(other));
        relay.deliverDue(Instant.now());
        Notification failed = only(other);
        assertEquals(DeliveryState.FAILED, failed.state, "every push a dead letter");
    }

    @Test
    void malformedChallengesAreRefusedWithNothingPresentedAndOnlyCardControlSendsThem() {
        String member = newMemberWithEmail(support, newEmail());
        List<UnaryOperator<NotifyAuthenticationChallengeRequest.Builder>> malformed = List.of(
                b -> b.clearChallengeId(),
                b -> b.clearMemberId(),
                b -> b.setCardLast4("4242424242424242"),
                b -> b.clearCardId(),
                b -> b.clearAmount(),
                b -> b.setCurrency("USD"),
                b -> b.setMerchantName(""),
                b -> b.setMerchantName("shop 4242 4242 4242 4242"),
                b -> b.clearExpiresAt());
        for (var change : malformed) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> notify(change.apply(challenge(member).toBuilder()).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertThat(e.getStatus().getDescription()).doesNotContain("4242 4242");
        }
        StatusRuntimeException member403 = assertThrows(StatusRuntimeException.class,
                () -> support.member(member).notifyAuthenticationChallenge(challenge(member)));
        assertEquals(Status.Code.PERMISSION_DENIED, member403.getStatus().getCode());
        StatusRuntimeException statement = assertThrows(StatusRuntimeException.class,
                () -> support.as(Tokens.system("statement", "statement")).notifyAuthenticationChallenge(challenge(member)));
        assertEquals(Status.Code.PERMISSION_DENIED, statement.getStatus().getCode());
        assertThat(notificationsOf(member)).as("nothing presented").isEmpty();
    }
}
