package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/**
 * The push-device routes against the real notification-service (CardControlSuite runs it packaged): the mobile backend
 * registers the app's FCM registration token for the signed-in member and removes it; the token is never answered
 * whole; another member's device is 404.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class PushDeviceRoutesTest {

    /** A registration token shaped like FCM's. */
    private static String newFcmToken() {
        String random = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        return "c" + random.substring(0, 21) + ":APA91b" + (random + random + random).substring(0, 134);
    }

    private static String body(String token) {
        return "{\"token\":\"" + token + "\",\"platform\":\"android\",\"label\":\"Hanako's Pixel\"}";
    }

    private static ExtractableResponse<Response> register(String member, String token, int status) {
        return given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(body(token))
                .when().post("/v1/push-devices")
                .then().statusCode(status).contentType("application/json").extract();
    }

    @Test
    void aRegisteredDeviceIsAnswered201WithItsIdAndTheTokenMasked() {
        String member = Members.newMemberId();
        String token = newFcmToken();

        var created = register(member, token, 201);

        String id = created.path("id");
        assertEquals("/v1/push-devices/" + id, created.header("Location"));
        assertEquals("android", created.path("platform"));
        assertEquals("Hanako's Pixel", created.path("label"));
        assertEquals(token.substring(0, 4) + "…" + token.substring(token.length() - 4), created.path("maskedToken"));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/push-devices")
                .then().statusCode(200)
                .body("devices.id", contains(id))
                .body(not(containsString(token.substring(4, token.length() - 4))));

        var again = register(member, token, 200);
        assertEquals(id, again.path("id"), "the same token is the same device");
    }

    @Test
    void aRegistrationRetriedWithItsIdempotencyKeyIsReplayed() {
        String member = Members.newMemberId();
        String token = newFcmToken();
        String key = UUID.randomUUID().toString();

        var first = given().auth().oauth2(Members.singleFactor(member)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body(token))
                .when().post("/v1/push-devices").then().statusCode(201).extract();
        var retry = given().auth().oauth2(Members.singleFactor(member)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body(token))
                .when().post("/v1/push-devices").then().statusCode(201).header("Idempotent-Replayed", "true").extract();

        assertEquals(first.path("id"), (String) retry.path("id"));
    }

    @Test
    void aDeviceIsRemovedWith204AndThenIsGone() {
        String member = Members.newMemberId();
        String id = register(member, newFcmToken(), 201).path("id");

        given().auth().oauth2(Members.singleFactor(member)).when().delete("/v1/push-devices/" + id)
                .then().statusCode(204);

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/push-devices")
                .then().statusCode(200).body("devices", emptyIterable());
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).when().delete("/v1/push-devices/" + id).then(),
                404, "PUSH_DEVICE_NOT_FOUND");
    }

    @Test
    void anotherMembersDeviceIsNotFound() {
        String owner = Members.newMemberId();
        String id = register(owner, newFcmToken(), 201).path("id");

        assertProblem(given().auth().oauth2(Members.singleFactor(Members.newMemberId())).when().delete("/v1/push-devices/" + id)
                .then(), 404, "PUSH_DEVICE_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(owner)).when().delete("/v1/push-devices/" + UUID.randomUUID())
                .then(), 404, "PUSH_DEVICE_NOT_FOUND");
        given().auth().oauth2(Members.singleFactor(owner)).get("/v1/push-devices")
                .then().statusCode(200).body("devices.id", contains(id));
    }

    @Test
    void aMalformedRegistrationIs400AndRegistersNothing() {
        String member = Members.newMemberId();
        for (String bad : new String[] { "{}", "{\"token\":\"" + newFcmToken() + "\"}",
                "{\"token\":\"" + newFcmToken() + "\",\"platform\":\"windows\"}",
                "{\"token\":\"short\",\"platform\":\"ios\"}" }) {
            given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(bad)
                    .when().post("/v1/push-devices")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/push-devices")
                .then().statusCode(200).body("devices", emptyIterable());
    }

    @Test
    void pushDevicesNeedASignedInMember() {
        given().contentType(ContentType.JSON).body(body(newFcmToken())).when().post("/v1/push-devices")
                .then().statusCode(401);
        given().when().delete("/v1/push-devices/" + UUID.randomUUID()).then().statusCode(401);
    }
}
