package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthenticateRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticationRejectReason;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardholderAuthenticationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.ChallengeState;
import dev.anshin.api.cardcontrol.v1.DeviceChannel;
import dev.anshin.api.cardcontrol.v1.DeviceInfo;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultResponse;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.api.common.v1.Yen;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * 3-D Secure challenges in the member's app, end to end: the directory server asks card-control-service (Authenticate,
 * a challenge), the member answers through the gateway, and the directory server reads the result
 * (GetAuthenticationResult) from card-control, all real processes.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class AuthenticationChallengeRoutesTest {

    /** A member with a numberless card, and a 50,000-yen online purchase on it from a new browser: a challenge. */
    record Challenged(String member, Card card, String cardNumber, String challengeId) {
    }

    static Challenged challenged() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, true);
        var details = given().auth().oauth2(Members.twoStep(member)).when()
                .post("/v1/cards/{id}/credential-reveals", card.getId().getValue()).then().statusCode(200).extract();
        String[] expiry = details.<String>path("expiry").split("-");
        AuthenticateResponse response = directoryServer(stub -> stub.authenticate(AuthenticateRequest.newBuilder()
                .setDsTransactionId("ds-" + UUID.randomUUID())
                .setServerTransactionId("3dss-" + UUID.randomUUID())
                .setCardNumber(details.path("cardNumber"))
                .setExpiry(YearMonth.newBuilder().setYear(Integer.parseInt(expiry[0])).setMonth(Integer.parseInt(expiry[1])))
                .setAmount(Yen.newBuilder().setAmount(50_000))
                .setCurrency("JPY")
                .setMerchantName("アンシン書店 オンライン")
                .setMerchantCategoryCode("5942")
                .setMerchantCountry("JP")
                .setDeviceChannel(DeviceChannel.DEVICE_CHANNEL_BROWSER)
                .setDevice(DeviceInfo.newBuilder().setDeviceId("browser-" + UUID.randomUUID()))
                .build()));
        assertEquals(TransactionStatus.TRANSACTION_STATUS_CHALLENGE_REQUIRED, response.getStatus());
        return new Challenged(member, card, details.path("cardNumber"), response.getAcsTransactionId());
    }

    static GetAuthenticationResultResponse result(String challengeId) {
        return directoryServer(stub -> stub.getAuthenticationResult(GetAuthenticationResultRequest.newBuilder()
                .setAcsTransactionId(challengeId).build()));
    }

    /** card-control as the directory server calls it: client anshin-directory-server, role directory-server. */
    static <T> T directoryServer(Function<CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.cardControlPort)
                .usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                    + Jwt.issuer(CardControlSuite.ISSUER).subject("anshin-directory-server").audience("card-control-service")
                            .groups(Set.of("directory-server")).expiresIn(300).sign());
            return call.apply(CardholderAuthenticationServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        } finally {
            channel.shutdownNow();
        }
    }

    static io.restassured.response.Response answer(String token, String challengeId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/v1/authentication-challenges/{id}", challengeId);
    }

    @Test
    void theMemberSeesAPendingChallengeWithMerchantAmountTimeAndExpiry() {
        Challenged c = challenged();

        given().auth().oauth2(Members.singleFactor(c.member())).when().get("/v1/authentication-challenges")
                .then().statusCode(200)
                .body("challenges", hasSize(1))
                .body("challenges[0].id", equalTo(c.challengeId()))
                .body("challenges[0].cardId", equalTo(c.card().getId().getValue()))
                .body("challenges[0].merchantName", equalTo("アンシン書店 オンライン"))
                .body("challenges[0].amount", equalTo(50_000))
                .body("challenges[0].requestedAt", not(empty()))
                .body("challenges[0].expiresAt", not(empty()))
                .body("challenges[0].state", equalTo("PENDING"))
                .body(not(containsString(c.cardNumber())));
    }

    @Test
    void anInAppApprovalThroughTheGatewayAuthenticatesThePurchase() {
        Challenged c = challenged();

        answer(Members.twoStep(c.member()), c.challengeId(), "{\"approve\": true}")
                .then().statusCode(200).body("id", equalTo(c.challengeId())).body("state", equalTo("APPROVED"));

        GetAuthenticationResultResponse result = result(c.challengeId());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_AUTHENTICATED, result.getStatus());
        assertEquals(ChallengeState.CHALLENGE_STATE_APPROVED, result.getChallengeState());
        assertFalse(result.getAuthenticationValue().isEmpty());
        given().auth().oauth2(Members.singleFactor(c.member())).when().get("/v1/authentication-challenges")
                .then().statusCode(200).body("challenges", empty());
    }

    @Test
    void anInAppDenialThroughTheGatewayLeavesThePurchaseNotAuthenticated() {
        Challenged c = challenged();

        answer(Members.twoStep(c.member()), c.challengeId(), "{\"approve\": false}")
                .then().statusCode(200).body("state", equalTo("DENIED"));

        GetAuthenticationResultResponse result = result(c.challengeId());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_NOT_AUTHENTICATED, result.getStatus());
        assertEquals(AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_CHALLENGE_DENIED, result.getRejectReason());
    }

    @Test
    void answeringNeedsATwoStepLoginAndChangesNothingWithoutIt() {
        Challenged c = challenged();

        answer(Members.singleFactor(c.member()), c.challengeId(), "{\"approve\": true}")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));

        assertEquals(ChallengeState.CHALLENGE_STATE_PENDING, result(c.challengeId()).getChallengeState());
    }

    @Test
    void anotherMembersChallengeIsNotFound() {
        Challenged c = challenged();

        assertProblem(answer(Members.twoStep(Members.newMemberId()), c.challengeId(), "{\"approve\": true}").then(),
                404, "AUTHENTICATION_CHALLENGE_NOT_FOUND");
        given().auth().oauth2(Members.singleFactor(Members.newMemberId())).when().get("/v1/authentication-challenges")
                .then().statusCode(200).body("challenges", empty());
        assertEquals(ChallengeState.CHALLENGE_STATE_PENDING, result(c.challengeId()).getChallengeState());
    }

    @Test
    void anAlreadyAnsweredChallengeIsAConflict() {
        Challenged c = challenged();
        answer(Members.twoStep(c.member()), c.challengeId(), "{\"approve\": false}").then().statusCode(200);

        assertProblem(answer(Members.twoStep(c.member()), c.challengeId(), "{\"approve\": true}").then(),
                409, "CHALLENGE_ALREADY_ANSWERED");
        assertEquals(ChallengeState.CHALLENGE_STATE_DENIED, result(c.challengeId()).getChallengeState());
    }

    @Test
    void anExpiredChallengeIsAConflictAndNoLongerListed() {
        Challenged c = challenged();
        Database.expireChallenge(c.challengeId());

        given().auth().oauth2(Members.singleFactor(c.member())).when().get("/v1/authentication-challenges")
                .then().statusCode(200).body("challenges", empty());
        assertProblem(answer(Members.twoStep(c.member()), c.challengeId(), "{\"approve\": true}").then(),
                409, "CHALLENGE_EXPIRED");
        assertEquals(ChallengeState.CHALLENGE_STATE_EXPIRED, result(c.challengeId()).getChallengeState());
    }

    @Test
    void approveMustBeAJsonBoolean() {
        Challenged c = challenged();
        String token = Members.twoStep(c.member());

        for (String body : new String[] {"{\"approve\": \"true\"}", "{\"approve\": 1}", "{}", "{\"approve\": null}",
                "{\"approve\": true, \"extra\": 1}"}) {
            answer(token, c.challengeId(), body).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(ChallengeState.CHALLENGE_STATE_PENDING, result(c.challengeId()).getChallengeState(), "nothing changed");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() {
        Challenged c = challenged();
        String token = Members.twoStep(c.member());
        String key = UUID.randomUUID().toString();

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body("{\"approve\": true}").when().post("/v1/authentication-challenges/{id}", c.challengeId())
                    .then().statusCode(200).body("state", equalTo("APPROVED"));
        }
    }
}
