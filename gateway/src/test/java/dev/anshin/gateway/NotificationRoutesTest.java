package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.kit.auth.StepUpRequirement;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * The notification routes against the real notification-service (CardControlSuite runs it packaged): preferences,
 * their step-up rule for contact details, and the paged history.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class NotificationRoutesTest {

    private static final String TOGGLES = """
            {"usageNotificationsEnabled":true,"usageThreshold":5000,"usageCategories":["ONLINE","OVERSEAS"],
             "loginNotificationsEnabled":false,"quietHours":{"start":"22:00","end":"07:00"},"language":"en"}""";

    private static String withContact(String email) {
        return TOGGLES.substring(0, TOGGLES.length() - 1) + ",\"email\":\"" + email + "\"}";
    }

    @Test
    void aNewMemberReadsTheDefaultPreferences() {
        given().auth().oauth2(Members.singleFactor(Members.newMemberId()))
                .when().get("/v1/notification-preferences")
                .then().statusCode(200)
                .contentType("application/json")
                .body("usageNotificationsEnabled", equalTo(true))
                .body("usageThreshold", equalTo(0))
                .body("usageCategories", emptyIterable())
                .body("loginNotificationsEnabled", equalTo(true))
                .body("language", equalTo("ja"))
                .body("$", not(hasKey("quietHours")))
                .body("$", not(hasKey("email")));
    }

    @Test
    void togglesAndThresholdChangeWithANormalLogin() {
        String member = Members.newMemberId();

        given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(TOGGLES)
                .when().put("/v1/notification-preferences")
                .then().statusCode(200)
                .body("usageThreshold", equalTo(5000))
                .body("usageCategories", contains("ONLINE", "OVERSEAS"))
                .body("loginNotificationsEnabled", equalTo(false))
                .body("quietHours.start", equalTo("22:00"))
                .body("quietHours.end", equalTo("07:00"))
                .body("language", equalTo("en"));

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/notification-preferences")
                .then().statusCode(200).body("usageThreshold", equalTo(5000)).body("language", equalTo("en"));
    }

    @Test
    void contactDetailsNeedATwoStepLoginAndARefusalChangesNothing() {
        String member = Members.newMemberId();
        String email = "m-" + UUID.randomUUID().toString().substring(0, 8) + "@example.jp";
        // The route asks what the contract of UpdateContactDetails declares.
        StepUpRequirement contract = StepUpRequirement.of(NotificationServiceGrpc.getUpdateContactDetailsMethod());
        assertEquals("two-step", contract.acr());

        assertProblem(given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(withContact(email))
                .when().put("/v1/notification-preferences").then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/notification-preferences")
                .then().statusCode(200)
                .body("$", not(hasKey("email")))
                .body("usageThreshold", equalTo(0));

        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(withContact(email))
                .when().put("/v1/notification-preferences")
                .then().statusCode(200)
                .body("email", equalTo(email))
                .body("usageThreshold", equalTo(5000));

        // The same address again is no change: a normal login may send the whole object back.
        given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(withContact(email))
                .when().put("/v1/notification-preferences")
                .then().statusCode(200).body("email", equalTo(email));
    }

    @Test
    void badPreferencesAre400AndChangeNothing() {
        String member = Members.newMemberId();
        for (String bad : new String[] {
            TOGGLES.replace("5000", "-1"),
            TOGGLES.replace("5000", "1.5"),
            TOGGLES.replace("\"ONLINE\"", "\"GROCERIES\""),
            TOGGLES.replace("\"07:00\"", "\"7am\""),
            TOGGLES.replace("\"07:00\"", "\"22:00\""),
            TOGGLES.replace("\"en\"", "\"fr\""),
            "{\"usageNotificationsEnabled\":true}",
            TOGGLES.replace("\"language\"", "\"colour\":\"red\",\"language\""),
            withContact("hanako at example.jp") }) {
            given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(bad)
                    .when().put("/v1/notification-preferences")
                    .then().statusCode(400).contentType(containsString("application/problem+json"));
        }
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/notification-preferences")
                .then().statusCode(200).body("usageThreshold", equalTo(0)).body("language", equalTo("ja"));
    }

    @Test
    void historyIsPagedNewestFirstWithDeliveryState() {
        String member = Members.newMemberId();
        for (int i = 0; i < 3; i++) {
            usage(member, 1_000 + i);
        }

        var first = given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 2)
                .when().get("/v1/notifications")
                .then().statusCode(200)
                .body("notifications", hasSize(2))
                .body("notifications.kind", everyItem(equalTo("USAGE")))
                .body("notifications.deliveryState", everyItem(equalTo("QUEUED")))
                .extract();
        String next = first.path("nextPageToken");
        assertTrue(next != null && !next.isEmpty());

        given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 2).queryParam("pageToken", next)
                .when().get("/v1/notifications")
                .then().statusCode(200)
                .body("notifications", hasSize(1))
                .body("nextPageToken", nullValue());
        // Another member sees none of it.
        given().auth().oauth2(Members.singleFactor(Members.newMemberId())).get("/v1/notifications")
                .then().statusCode(200).body("notifications", emptyIterable());
    }

    @Test
    void aBadPageIs400() {
        String member = Members.newMemberId();
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 0)
                .when().get("/v1/notifications").then(), 400, "INVALID_PAGE_SIZE");
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).queryParam("pageToken", "forged")
                .when().get("/v1/notifications").then(), 400, "INVALID_REQUEST");
    }

    @Test
    void everyNotificationRouteNeedsASignIn() {
        given().when().get("/v1/notification-preferences").then().statusCode(401);
        given().contentType(ContentType.JSON).body(TOGGLES).when().put("/v1/notification-preferences").then().statusCode(401);
        given().when().get("/v1/notifications").then().statusCode(401);
    }

    /** An approval announced by card-control's relay, straight to notification-service with card-control's token. */
    private static void usage(String member, long yen) {
        String token = Jwt.issuer(CardControlSuite.ISSUER).subject("card-control").audience("notification-service")
                .groups(Set.of("card-control")).issuedAt(Instant.now()).expiresIn(300).sign();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.notificationPort).usePlaintext().build();
        try {
            Instant now = Instant.now();
            Downstream.call(NotificationServiceGrpc.newBlockingStub(channel), token, java.time.Duration.ofSeconds(5))
                    .notifyUsages(NotifyUsagesRequest.newBuilder().addItems(NotifyUsageRequest.newBuilder()
                            .setEventId("auth-" + UUID.randomUUID())
                            .setMemberId(MemberId.newBuilder().setValue(member))
                            .setCardId(CardId.newBuilder().setValue("card-" + UUID.randomUUID()))
                            .setCardLast4("4242")
                            .setAmount(Yen.newBuilder().setAmount(yen))
                            .setMerchantName("Online Store")
                            .setCategory(UsageCategory.USAGE_CATEGORY_ONLINE)
                            .setAuthorizedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))).build());
        } finally {
            channel.shutdownNow();
        }
    }
}
