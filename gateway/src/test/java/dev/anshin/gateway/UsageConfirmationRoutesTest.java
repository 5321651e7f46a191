package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.AuthorizationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.Channel;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UsageConfirmation;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/**
 * Usage confirmations (ご利用確認) and "this wasn't me" through the gateway, against the real services: the answer
 * reaches card-control through notification's follow-up outbox, so a "yes" lets the merchant's retry through and a
 * "no" puts the card on fraud hold; "not me" suspends every active card.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class UsageConfirmationRoutesTest {

    /** At least the fraud rules' amount threshold (300,000 yen): held as suspected fraud. */
    static final long HELD_AMOUNT = 300_000;

    record Held(String member, Card card, AuthorizeRequest purchase, UsageConfirmation confirmation) {
    }

    /**
     * A member with a phone on file whose purchase card-control held as suspected fraud, and its confirmation, started
     * as card-control's outbox relay starts it (the suite's card-control has no token notification-service accepts).
     */
    static Held held(boolean withPhone) {
        String member = Members.newMemberId();
        if (withPhone) {
            given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                    .body("{\"usageNotificationsEnabled\":true,\"usageThreshold\":0,\"language\":\"ja\",\"phoneNumber\":\"+819012345678\"}")
                    .when().put("/v1/notification-preferences").then().statusCode(200);
        }
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, true);
        JsonPath details = given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/credential-reveals", card.getId().getValue()).then().statusCode(200)
                .extract().jsonPath();
        String[] expiry = details.getString("expiry").split("-");
        AuthorizeRequest purchase = AuthorizeRequest.newBuilder()
                .setAuthorizationId("auth-" + UUID.randomUUID())
                .setCardNumber(details.getString("cardNumber"))
                .setExpiry(YearMonth.newBuilder().setYear(Integer.parseInt(expiry[0])).setMonth(Integer.parseInt(expiry[1])))
                .setAmount(Yen.newBuilder().setAmount(HELD_AMOUNT))
                .setMerchantName("ビックカメラ 有楽町店")
                .setMerchantCategoryCode("5732")
                .setMerchantCountry("JP")
                .setChannel(Channel.CHANNEL_IN_STORE)
                .build();
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, authorize(purchase).getDeclineReason());
        Instant now = Instant.now();
        UsageConfirmation confirmation = asCardControl(stub -> stub.startUsageConfirmation(StartUsageConfirmationRequest
                .newBuilder()
                .setEventId(purchase.getAuthorizationId())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setCardId(card.getId())
                .setCardLast4(card.getLast4())
                .setAmount(Yen.newBuilder().setAmount(HELD_AMOUNT))
                .setMerchantName(purchase.getMerchantName())
                .setAttemptedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .build()).getConfirmation());
        return new Held(member, card, purchase, confirmation);
    }

    static AuthorizeResponse authorize(AuthorizeRequest request) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.cardControlPort)
                .usePlaintext().build();
        try {
            String token = Jwt.issuer(CardControlSuite.ISSUER).subject("card-network").audience("card-control-service")
                    .groups(Set.of("card-network")).expiresIn(300).sign();
            return Downstream.call(AuthorizationServiceGrpc.newBlockingStub(channel), token, Duration.ofSeconds(10))
                    .authorize(request);
        } finally {
            channel.shutdownNow();
        }
    }

    static <T> T asCardControl(java.util.function.Function<NotificationServiceGrpc.NotificationServiceBlockingStub, T> call) {
        String token = Jwt.issuer(CardControlSuite.ISSUER).subject("card-control").audience("notification-service")
                .groups(Set.of("card-control")).issuedAt(Instant.now()).expiresIn(300).sign();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.notificationPort)
                .usePlaintext().build();
        try {
            return call.apply(Downstream.call(NotificationServiceGrpc.newBlockingStub(channel), token, Duration.ofSeconds(5)));
        } finally {
            channel.shutdownNow();
        }
    }

    static io.restassured.response.ValidatableResponse answer(String member, String id, String body) {
        return given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(body)
                .when().post("/v1/usage-confirmations/{id}", id).then();
    }

    /** Waits (the follow-up relay polls every 200 ms in the suite) until the condition holds, or fails. */
    static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done, String what) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        T value = read.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("not within 20 s: " + what + " (last: " + value + ")");
            }
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }

    @Test
    void aVerifiedConfirmationLetsTheSameMerchantAndAmountThroughWithin30Minutes() throws Exception {
        Held h = held(true);

        answer(h.member(), h.confirmation().getId(), "{\"wasMe\":true}").statusCode(200)
                .contentType("application/json")
                .body("id", equalTo(h.confirmation().getId()))
                .body("state", equalTo("VERIFIED"))
                .body("cardId", equalTo(h.card().getId().getValue()));
        // The same answer again: 200, nothing changes.
        answer(h.member(), h.confirmation().getId(), "{\"wasMe\":true}").statusCode(200).body("state", equalTo("VERIFIED"));

        AuthorizeResponse retry = eventually(() -> authorize(h.purchase().toBuilder()
                .setAuthorizationId("auth-" + UUID.randomUUID()).build()),
                r -> r.getDecision() == Decision.DECISION_APPROVED, "the merchant's retry approved");
        assertEquals(Decision.DECISION_APPROVED, retry.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, authorize(h.purchase().toBuilder()
                .setAuthorizationId("auth-" + UUID.randomUUID()).build()).getDeclineReason(), "once only");
    }

    @Test
    void aDeniedConfirmationPlacesAFraudHoldAndADifferentSecondAnswerIs409() throws Exception {
        Held h = held(true);

        answer(h.member(), h.confirmation().getId(), "{\"wasMe\":false}").statusCode(200).body("state", equalTo("DENIED"));
        assertProblem(answer(h.member(), h.confirmation().getId(), "{\"wasMe\":true}"), 409,
                "USAGE_CONFIRMATION_ALREADY_ANSWERED");

        Card held = eventually(() -> Members.cardAsOperator(h.card().getId().getValue()),
                c -> c.getState() == CardState.CARD_STATE_FRAUD_HOLD, "the card on fraud hold");
        assertEquals(CardState.CARD_STATE_FRAUD_HOLD, held.getState());
    }

    @Test
    void anotherMembersOrAnUnknownConfirmationIs404AndABadBodyIs400() {
        Held h = held(true);

        assertProblem(answer(Members.newMemberId(), h.confirmation().getId(), "{\"wasMe\":false}"), 404,
                "USAGE_CONFIRMATION_NOT_FOUND");
        assertProblem(answer(h.member(), UUID.randomUUID().toString(), "{\"wasMe\":false}"), 404,
                "USAGE_CONFIRMATION_NOT_FOUND");
        for (String body : List.of("{\"wasMe\":\"true\"}", "{\"wasMe\":1}", "{}", "{\"wasMe\":null}", "{\"wasMe\":true,\"x\":1}")) {
            answer(h.member(), h.confirmation().getId(), body).statusCode(400)
                    .contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).body("{\"wasMe\":true}")
                .when().post("/v1/usage-confirmations/{id}", h.confirmation().getId()).then().statusCode(401);
        // Nothing above answered it: the member still can.
        answer(h.member(), h.confirmation().getId(), "{\"wasMe\":true}").statusCode(200).body("state", equalTo("VERIFIED"));
    }

    @Test
    void aConfirmationNothingWasSentForIs409() {
        Held h = held(false);
        assertEquals("CONFIRMATION_STATE_UNDELIVERABLE", h.confirmation().getState().name());

        assertProblem(answer(h.member(), h.confirmation().getId(), "{\"wasMe\":true}"), 409,
                "USAGE_CONFIRMATION_UNDELIVERABLE");
    }

    @Test
    void notMeSuspendsEveryActiveCardAndIsSafeToRepeatWithAnIdempotencyKey() throws Exception {
        String member = Members.newMemberId();
        Card first = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, true);
        Card second = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, false);
        String key = UUID.randomUUID().toString();

        String reportId = given().auth().oauth2(Members.singleFactor(member)).header("Idempotency-Key", key)
                .when().post("/v1/security/not-me")
                .then().statusCode(202).contentType("application/json")
                .body("reportId", matchesPattern("[0-9a-f-]{36}"))
                .body("reportedAt", not(equalTo(null)))
                .extract().path("reportId");
        given().auth().oauth2(Members.singleFactor(member)).header("Idempotency-Key", key)
                .when().post("/v1/security/not-me")
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("reportId", equalTo(reportId));

        for (Card card : List.of(first, second)) {
            Card stopped = eventually(() -> Members.cardAsOperator(card.getId().getValue()),
                    c -> c.getState() == CardState.CARD_STATE_SUSPENDED, "every active card suspended");
            assertEquals(CardState.CARD_STATE_SUSPENDED, stopped.getState());
        }
        given().when().post("/v1/security/not-me").then().statusCode(401);
    }
}
