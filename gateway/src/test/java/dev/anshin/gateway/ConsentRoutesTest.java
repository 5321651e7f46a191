package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The consent routes against the real consent-service (CardControlSuite runs it packaged, on MariaDB): the notices,
 * the state, giving and withdrawing with their login rule, required purposes, the history and the receipts.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class ConsentRoutesTest {

    private static final String WITHDRAW = "{\"granted\":false}";
    private static final String GIVE = "{\"granted\":true}";

    @Test
    void theStateShowsEveryPurposeWithTheNoticeVersionItRestsOn() {
        String member = Members.newMemberId();
        Consents.applied(member, Purpose.PURPOSE_MARKET_RESEARCH);
        String marketingVersion = Consents.currentVersion(Purpose.PURPOSE_MARKETING_OWN);

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consents")
                .then().statusCode(200)
                .body("consents", hasSize(5))
                .body("consents.purpose", org.hamcrest.Matchers.containsInAnyOrder("credit-management", "credit-bureau",
                        "marketing-own", "marketing-third-party", "market-research"))
                .body("consents.find { it.purpose == 'marketing-own' }.granted", equalTo(true))
                .body("consents.find { it.purpose == 'marketing-own' }.noticeVersion", equalTo(marketingVersion))
                .body("consents.find { it.purpose == 'marketing-own' }.currentNoticeVersion", equalTo(marketingVersion))
                .body("consents.find { it.purpose == 'marketing-own' }.newerNoticeAvailable", equalTo(false))
                .body("consents.find { it.purpose == 'marketing-own' }.controller", equalTo("issuer"))
                .body("consents.find { it.purpose == 'market-research' }.granted", equalTo(false))
                .body("partnerConsents", hasSize(0));
    }

    @Test
    void aMemberWithoutAnyConsentRecordGets404() {
        assertProblem(given().auth().oauth2(Members.singleFactor(Members.newMemberId())).get("/v1/consents").then(),
                404, "CONSENT_RECORD_NOT_FOUND");
    }

    @Test
    void noticesCarryTheirTextInJapaneseAndEnglishWithItsHash() throws Exception {
        Response response = given().auth().oauth2(Members.singleFactor(Members.newMemberId())).get("/v1/consent-notices");
        response.then().statusCode(200)
                .body("notices", hasSize(5))
                .body("notices.find { it.purpose == 'credit-bureau' }.required", equalTo(true))
                .body("notices.find { it.purpose == 'credit-bureau' }.mechanism", equalTo("REQUIRED"))
                .body("notices.find { it.purpose == 'marketing-own' }.mechanism", equalTo("OPT_OUT"))
                .body("notices.find { it.purpose == 'marketing-own' }.article", equalTo("2(1)①"));
        List<Map<String, Object>> notices = response.jsonPath().getList("notices");
        for (Map<String, Object> notice : notices) {
            @SuppressWarnings("unchecked")
            Map<String, String> text = (Map<String, String>) notice.get("text");
            assertTrue(text.get("ja").codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                    notice.get("purpose") + ": the Japanese text");
            assertTrue(text.get("en").matches("(?s)[\\p{ASCII}①②③’“”–—]+"), notice.get("purpose") + ": the English text");
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((text.get("ja") + "\n" + text.get("en")).getBytes(StandardCharsets.UTF_8)));
            assertEquals(sha256, notice.get("textSha256"));
        }
    }

    @Test
    void withdrawingNeedsOnlyASingleFactorLoginAndGivesASignedReceiptFetchableAgain() throws Exception {
        String member = Members.newMemberId();
        Consents.applied(member);

        Response response = given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "marketing-third-party");
        response.then().statusCode(200)
                .body("changed", equalTo(true))
                .body("consent.purpose", equalTo("marketing-third-party"))
                .body("consent.granted", equalTo(false))
                .body("receipt.changes", hasSize(1))
                .body("receipt.changes[0].kind", equalTo("WITHDRAWN"))
                .body("receipt.changes[0].purpose", equalTo("marketing-third-party"))
                .body("receipt.keyId", equalTo("gateway-test"));
        String receiptId = response.path("receipt.id");
        String jws = response.path("receipt.jws");
        assertTrue(verifies(jws), "the receipt verifies with consent-service's public key");

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consent-receipts/{id}", receiptId)
                .then().statusCode(200)
                .body("id", equalTo(receiptId))
                .body("jws", equalTo(jws))
                .body("changes[0].kind", equalTo("WITHDRAWN"));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consents")
                .then().statusCode(200).body("consents.find { it.purpose == 'marketing-third-party' }.granted", equalTo(false));

        // Stopping a stopped purpose is no change, and no receipt.
        given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "marketing-third-party")
                .then().statusCode(200).body("changed", equalTo(false)).body("$", not(hasKey("receipt")));
    }

    @Test
    void aReceiptVerifiesWithThePublishedReceiptKey() throws Exception {
        String member = Members.newMemberId();
        Consents.applied(member);
        String jws = given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "marketing-own").then().statusCode(200).extract().path("receipt.jws");

        String keys = given().auth().oauth2(Members.singleFactor(member)).get("/v1/consent-receipts/keys")
                .then().statusCode(200)
                .body("keys", hasSize(1))
                .body("keys[0].kid", equalTo("gateway-test"))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0]", not(hasKey("d")))
                .extract().asString();

        var jwk = new JsonWebKeySet(keys).getJsonWebKeys().get(0);
        var signature = new JsonWebSignature();
        signature.setCompactSerialization(jws);
        signature.setKey(jwk.getKey());
        assertTrue(signature.verifySignature(), "the receipt verifies with the key the gateway publishes");
    }

    @Test
    void givingConsentNeedsATwoStepLoginAndARefusalChangesNothing() {
        String member = Members.newMemberId();
        Consents.applied(member, Purpose.PURPOSE_MARKETING_OWN);
        long events = Database.consentEventsOf(member);
        // The route asks what OptIn's contract declares; withdrawing (OptOut) declares nothing.
        assertEquals("two-step", StepUpRequirement.of(ConsentServiceGrpc.getOptInMethod()).acr());
        assertNull(StepUpRequirement.of(ConsentServiceGrpc.getOptOutMethod()));

        assertProblem(given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(GIVE)
                .put("/v1/consents/{purpose}", "marketing-own").then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""))
                .header("WWW-Authenticate", not(containsString("max_age")));
        assertEquals(events, Database.consentEventsOf(member));

        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(GIVE)
                .put("/v1/consents/{purpose}", "marketing-own")
                .then().statusCode(200)
                .body("changed", equalTo(true))
                .body("consent.granted", equalTo(true))
                .body("consent.noticeVersion", equalTo(Consents.currentVersion(Purpose.PURPOSE_MARKETING_OWN)))
                .body("receipt.changes[0].kind", equalTo("GRANTED"));
        assertEquals(events + 1, Database.consentEventsOf(member));
    }

    @Test
    void aRequiredPurposeCannotBeWithdrawnWhileTheContractLives() {
        String member = Members.newMemberId();
        Consents.applied(member);
        long events = Database.consentEventsOf(member);

        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "credit-bureau").then(), 409, "REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES")
                .body("detail", containsString("cancel the card contract"));

        assertEquals(events, Database.consentEventsOf(member));
        assertThat(Database.consentRefusalsOf(member)).containsExactly("CREDIT_BUREAU");
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consents")
                .then().statusCode(200).body("consents.find { it.purpose == 'credit-bureau' }.granted", equalTo(true));
    }

    @Test
    void aNewerNoticeShowsInTheStateAndConsentIsGivenToTheNoticeInEffect() {
        String member = Members.newMemberId();
        Consents.applied(member, Purpose.PURPOSE_MARKET_RESEARCH);
        String old = Consents.currentVersion(Purpose.PURPOSE_MARKET_RESEARCH);
        String newer = Consents.publishNewVersion(Purpose.PURPOSE_MARKET_RESEARCH);

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consents")
                .then().statusCode(200)
                .body("consents.find { it.purpose == 'market-research' }.noticeVersion", equalTo(old))
                .body("consents.find { it.purpose == 'market-research' }.currentNoticeVersion", equalTo(newer))
                .body("consents.find { it.purpose == 'market-research' }.newerNoticeAvailable", equalTo(true));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/consent-notices")
                .then().statusCode(200).body("notices.find { it.purpose == 'market-research' }.version", equalTo(newer));

        // The app showed the old notice: refused, nothing recorded.
        long events = Database.consentEventsOf(member);
        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"granted\":true,\"noticeVersion\":\"" + old + "\"}")
                .put("/v1/consents/{purpose}", "market-research").then(), 409, "NOTICE_NOT_CURRENT");
        assertEquals(events, Database.consentEventsOf(member));

        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"granted\":true,\"noticeVersion\":\"" + newer + "\"}")
                .put("/v1/consents/{purpose}", "market-research")
                .then().statusCode(200)
                .body("consent.granted", equalTo(true))
                .body("consent.noticeVersion", equalTo(newer))
                .body("consent.newerNoticeAvailable", equalTo(false));
    }

    @Test
    void anotherMembersReceiptIs404() {
        String hanako = Members.newMemberId();
        String taro = Members.newMemberId();
        Consents.applied(hanako);
        Consents.applied(taro);
        String receiptId = given().auth().oauth2(Members.singleFactor(hanako)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "marketing-own").then().statusCode(200).extract().path("receipt.id");

        assertProblem(given().auth().oauth2(Members.singleFactor(taro)).get("/v1/consent-receipts/{id}", receiptId).then(),
                404, "RECEIPT_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(taro))
                .get("/v1/consent-receipts/{id}", "00000000-0000-0000-0000-000000000000").then(), 404, "RECEIPT_NOT_FOUND");
    }

    @Test
    void unknownPurposesAndMalformedBodiesAre4xxProblemsAndChangeNothing() {
        String member = Members.newMemberId();
        Consents.applied(member);
        long events = Database.consentEventsOf(member);

        for (String purpose : new String[] { "marketing", "MARKETING_OWN", "purpose-unspecified", "unrecognized", "marketing--own" }) {
            assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(WITHDRAW)
                    .put("/v1/consents/{purpose}", purpose).then(), 404, "UNKNOWN_PURPOSE");
        }
        for (String bad : new String[] { "{}", "{\"granted\":null}", "{\"granted\":\"false\"}", "{\"granted\":0}",
                "{\"granted\":false,\"colour\":\"red\"}", "{\"granted\":false", "[false]", "{\"granted\":false,\"noticeVersion\":\"2025-04\"}",
                "{\"granted\":true,\"noticeVersion\":\"\"}", "{\"granted\":true,\"noticeVersion\":\"12345678901234567\"}" }) {
            given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(bad)
                    .put("/v1/consents/{purpose}", "marketing-own")
                    .then().statusCode(400).contentType(startsWith("application/problem+json")).body("code", notNullValue());
        }
        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.TEXT).body("granted=false")
                .put("/v1/consents/{purpose}", "marketing-own")
                .then().statusCode(415).contentType(startsWith("application/problem+json"));

        assertEquals(events, Database.consentEventsOf(member));
        assertThat(Database.consentRefusalsOf(member)).isEmpty();
    }

    @Test
    void historyIsPagedNewestFirst() {
        String member = Members.newMemberId();
        Consents.applied(member);
        given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(WITHDRAW)
                .put("/v1/consents/{purpose}", "marketing-own").then().statusCode(200);
        given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(GIVE)
                .put("/v1/consents/{purpose}", "marketing-own").then().statusCode(200);

        Response first = given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3).get("/v1/consents/history");
        first.then().statusCode(200)
                .body("events", hasSize(3))
                .body("events[0].purpose", equalTo("marketing-own"))
                .body("events[0].kind", equalTo("GRANTED"))
                .body("events[0].channel", equalTo("APP"))
                .body("events[0].actor.kind", equalTo("MEMBER"))
                .body("events[1].kind", equalTo("WITHDRAWN"))
                .body("nextPageToken", notNullValue());
        Response second = given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3)
                .queryParam("pageToken", (String) first.path("nextPageToken")).get("/v1/consents/history");
        second.then().statusCode(200).body("events", hasSize(3)).body("events.channel", hasItem("WEB"));
        given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3)
                .queryParam("pageToken", (String) second.path("nextPageToken")).get("/v1/consents/history")
                .then().statusCode(200).body("events", hasSize(1)).body("$", not(hasKey("nextPageToken")));

        assertProblem(given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 0)
                .get("/v1/consents/history").then(), 400, "INVALID_PAGE_SIZE");
        given().auth().oauth2(Members.singleFactor(member)).queryParam("pageToken", "not-a-token")
                .get("/v1/consents/history").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    @Test
    void everyConsentRouteNeedsASignIn() {
        for (String path : new String[] { "/v1/consents", "/v1/consent-notices", "/v1/consents/history",
            "/v1/consent-receipts/00000000-0000-0000-0000-000000000000", "/v1/consent-receipts/keys" }) {
            assertProblem(given().get(path).then(), 401, "UNAUTHENTICATED");
        }
        assertProblem(given().contentType(ContentType.JSON).body(WITHDRAW).put("/v1/consents/marketing-own").then(),
                401, "UNAUTHENTICATED");
    }

    /** The compact JWS verifies (RS256) with the public key of the key consent-service was started with. */
    private static boolean verifies(String jws) throws GeneralSecurityException {
        String[] parts = jws.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(CardControlSuite.consentReceiptKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
