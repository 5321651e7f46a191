package dev.anshin.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.anshin.notification.NotificationTestSupport.attemptsOf;
import static dev.anshin.notification.NotificationTestSupport.deliveryOf;
import static dev.anshin.notification.NotificationTestSupport.heldPurchase;
import static dev.anshin.notification.NotificationTestSupport.newMemberWithPhone;
import static dev.anshin.notification.NotificationTestSupport.notificationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.anshin.kit.cards.CardNumberText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The usage-confirmation SMS goes through the delivery outbox on the SMS channel, to the provider's HTTP API
 * (WireMock here): signed, bounded by a timeout, retried on 5xx and 429 only; any other 4xx is a dead letter at once.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(GreenMailResource.class)
@QuarkusTestResource(SmsProviderResource.class)
class SmsDeliveryTest extends NotificationServiceTest {

    /** A member with a phone on file (its own number, so that each test's stubs answer only its own SMS). */
    private String memberWithPhone(String phone) {
        return newMemberWithPhone(support, phone);
    }

    private static String newPhone() {
        return "+8190" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    /** A suspected-fraud decline, as card-control's relay sends it. */
    private void holdPurchase(String member) {
        support.cardControl().startUsageConfirmation(heldPurchase(member));
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

    private static Notification smsOf(String member) {
        return notificationsOf(member).stream().filter(n -> n.kind == NotificationKind.USAGE_CONFIRMATION)
                .findFirst().orElseThrow();
    }

    @Test
    void theUsageConfirmationSmsIsSignedAndSentToThePhoneOnFile() throws Exception {
        String phone = newPhone();
        String member = memberWithPhone(phone);
        answer(phone, aResponse().withStatus(202));

        holdPurchase(member);
        relay.deliverDue(Instant.now());

        List<LoggedRequest> sent = sentTo(phone);
        assertThat(sent).hasSize(1);
        byte[] body = sent.get(0).getBody();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SmsProviderResource.SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)), sent.get(0).getHeader("X-Anshin-Signature"),
                "the HMAC-SHA256 of the body under the configured key");
        String json = new String(body, StandardCharsets.UTF_8);
        Notification sms = smsOf(member);
        assertThat(json).contains("\"messageId\":\"" + sms.id + "\"", "末尾4242", "300,000円", "ビックカメラ 有楽町店");
        assertThat(CardNumberText.containsCardNumber(json)).isFalse();
        assertEquals(DeliveryChannel.SMS, sms.channel);
        assertEquals("", sms.subject);
        assertEquals(DeliveryState.DELIVERED, sms.state);
        assertEquals(phone, deliveryOf(sms.id).recipient);
    }

    @Test
    void aBusyProviderIsRetriedWithBackoffOn5xxAnd429() {
        String phone = newPhone();
        String member = memberWithPhone(phone);
        String scenario = "busy-" + phone;
        var provider = SmsProviderResource.server();
        provider.stubFor(post(urlEqualTo(SmsProviderResource.PATH)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone)))
                .willReturn(aResponse().withStatus(503)).willSetStateTo("throttled"));
        provider.stubFor(post(urlEqualTo(SmsProviderResource.PATH)).inScenario(scenario).whenScenarioStateIs("throttled")
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone)))
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ready"));
        provider.stubFor(post(urlEqualTo(SmsProviderResource.PATH)).inScenario(scenario).whenScenarioStateIs("ready")
                .withRequestBody(matchingJsonPath("$.to", com.github.tomakehurst.wiremock.client.WireMock.equalTo(phone)))
                .willReturn(aResponse().withStatus(200)));

        holdPurchase(member);
        Instant now = Instant.now();
        relay.deliverDue(now);
        Delivery afterFirst = deliveryOf(smsOf(member).id);
        assertEquals(Delivery.State.PENDING, afterFirst.state, "a 503 is retried");
        relay.deliverDue(now); // not due yet: the back-off holds it
        assertThat(sentTo(phone)).hasSize(1);
        relay.deliverDue(afterFirst.nextAttemptAt);
        Delivery afterSecond = deliveryOf(smsOf(member).id);
        assertEquals(Delivery.State.PENDING, afterSecond.state, "a 429 is retried");
        relay.deliverDue(afterSecond.nextAttemptAt);

        Delivery delivered = deliveryOf(smsOf(member).id);
        assertEquals(Delivery.State.DELIVERED, delivered.state);
        assertThat(sentTo(phone)).hasSize(3);
        assertThat(attemptsOf(delivered.id)).extracting(a -> a.error).containsExactly(
                "IllegalStateException: SMS provider answered 503", "IllegalStateException: SMS provider answered 429", null);
        assertThat(Duration.between(now, afterSecond.nextAttemptAt)).isPositive();
    }

    @Test
    void aProviderRefusalOtherThan429IsADeadLetterAtOnce() {
        String phone = newPhone();
        String member = memberWithPhone(phone);
        answer(phone, aResponse().withStatus(400).withBody("{\"error\":\"invalid number\"}"));

        holdPurchase(member);
        relay.deliverDue(Instant.now());

        Notification sms = smsOf(member);
        Delivery delivery = deliveryOf(sms.id);
        assertEquals(Delivery.State.DEAD, delivery.state);
        assertEquals(DeliveryState.FAILED, sms.state);
        assertEquals(1, delivery.attempts, "never retried");
        assertEquals("PermanentDeliveryFailure: SMS provider refused the message: 400", delivery.lastError);
        assertThat(delivery.lastError).doesNotContain(phone.substring(1));
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeFailsTheAttemptAndIsRetried() {
        String phone = newPhone();
        String member = memberWithPhone(phone);
        answer(phone, aResponse().withStatus(200).withFixedDelay(3_000));

        holdPurchase(member);
        long started = System.nanoTime();
        relay.deliverDue(Instant.now());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by anshin.sms.send-timeout (1 s in tests)")
                .isLessThan(Duration.ofMillis(2_900));
        Delivery delivery = deliveryOf(smsOf(member).id);
        assertEquals(Delivery.State.PENDING, delivery.state);
        assertThat(delivery.lastError).startsWith("IllegalStateException: SMS provider did not answer within");
    }
}
