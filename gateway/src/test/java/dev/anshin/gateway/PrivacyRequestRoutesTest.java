package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.api.consent.v1.PrivacyRequestStatus;
import dev.anshin.gateway.config.StepUp;
import dev.anshin.kit.auth.StepUpRequirement;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The privacy-request and credit-bureau routes against the real consent-service (CardControlSuite runs it packaged,
 * on MariaDB): filing two-step only, reading one's own, another member's 404, bad input 4xx with nothing stored, the
 * member's bureau dates, and the disclosure's export, gathered from the real card-control, notification and statement
 * processes of the suite and downloaded two-step, at most 5 minutes after the login.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class PrivacyRequestRoutesTest {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final String DISCLOSURE = "{\"kind\":\"DISCLOSURE\",\"details\":\"保有している個人情報の開示を求めます\"}";

    @Test
    void aMemberFilesARequestWithATwoStepLoginAndReadsItBack() {
        String member = Members.newMemberId();

        Response filed = given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(DISCLOSURE)
                .post("/v1/privacy-requests");
        filed.then().statusCode(201)
                .header("Location", startsWith("/v1/privacy-requests/"))
                .body("kind", equalTo("DISCLOSURE"))
                .body("status", equalTo("RECEIVED"))
                .body("electronicDelivery", equalTo(true))
                .body("dueDate", equalTo(LocalDate.now(JAPAN).plusDays(14).toString()))
                .body("overdue", equalTo(false))
                .body("$", not(hasKey("reason")));
        String id = filed.path("id");
        assertEquals("/v1/privacy-requests/" + id, filed.header("Location"));

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/privacy-requests/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("details", equalTo("保有している個人情報の開示を求めます"));
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/privacy-requests")
                .then().statusCode(200).body("requests", hasSize(1)).body("requests[0].id", equalTo(id));
        assertEquals(1, Database.privacyRequestsOf(member));
    }

    @Test
    void filingNeedsATwoStepLoginAndARefusalStoresNothing() {
        String member = Members.newMemberId();
        assertEquals("two-step", StepUpRequirement.of(PrivacyRequestServiceGrpc.getFilePrivacyRequestMethod()).acr());

        assertProblem(given().auth().oauth2(Members.singleFactor(member)).contentType(ContentType.JSON).body(DISCLOSURE)
                .post("/v1/privacy-requests").then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));
        assertEquals(0, Database.privacyRequestsOf(member));
    }

    @Test
    void everyKindIncludingStopOfUseCanBeFiled() {
        String member = Members.newMemberId();
        for (String kind : new String[] { "DISCLOSURE", "CORRECTION", "DELETION", "STOP_OF_USE" }) {
            given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                    .body("{\"kind\":\"" + kind + "\",\"details\":\"登録住所の誤り\"}")
                    .post("/v1/privacy-requests").then().statusCode(201).body("kind", equalTo(kind));
        }
        given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3).get("/v1/privacy-requests")
                .then().statusCode(200).body("requests", hasSize(3)).body("requests[0].kind", equalTo("STOP_OF_USE"))
                .body("nextPageToken", notNullValue());
    }

    @Test
    void anotherMembersRequestIs404() {
        String hanako = Members.newMemberId();
        String taro = Members.newMemberId();
        String hers = given().auth().oauth2(Members.twoStep(hanako)).contentType(ContentType.JSON).body(DISCLOSURE)
                .post("/v1/privacy-requests").then().statusCode(201).extract().path("id");

        assertProblem(given().auth().oauth2(Members.singleFactor(taro)).get("/v1/privacy-requests/{id}", hers).then(),
                404, "PRIVACY_REQUEST_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(taro))
                .get("/v1/privacy-requests/{id}", "00000000-0000-0000-0000-000000000000").then(), 404, "PRIVACY_REQUEST_NOT_FOUND");
        given().auth().oauth2(Members.singleFactor(taro)).get("/v1/privacy-requests")
                .then().statusCode(200).body("requests", hasSize(0)).body("$", not(hasKey("nextPageToken")));
    }

    @Test
    void malformedFilingsAre400AndStoreNothing() {
        String member = Members.newMemberId();
        for (String bad : new String[] { "{}", "{\"kind\":\"COMPLAINT\"}", "{\"kind\":1}", "{\"kind\":null}",
                "{\"kind\":\"CORRECTION\"}", "{\"kind\":\"CORRECTION\",\"details\":\"  \"}",
                "{\"kind\":\"DISCLOSURE\",\"details\":\"" + "x".repeat(2001) + "\"}",
                "{\"kind\":\"DISCLOSURE\",\"electronicDelivery\":false}", "{\"kind\":\"DISCLOSURE\"", "[]" }) {
            given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(bad)
                    .post("/v1/privacy-requests")
                    .then().statusCode(400).contentType(startsWith("application/problem+json")).body("code", notNullValue());
        }
        assertEquals(0, Database.privacyRequestsOf(member));
    }

    @Test
    void theMemberSeesTheCreditBureauDates() {
        String member = Members.newMemberId();
        Consents.applied(member);
        String today = LocalDate.now(JAPAN).toString();
        String sixMonthsOn = LocalDate.now(JAPAN).plusMonths(6).toString();

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/credit-bureau-dates")
                .then().statusCode(200)
                .body("records", hasSize(4))
                .body("records.findAll { it.kind == 'INQUIRY' }.bureau", org.hamcrest.Matchers.contains("CIC", "JICC"))
                .body("records.find { it.kind == 'INQUIRY' }.from", equalTo(today))
                .body("records.find { it.kind == 'INQUIRY' }.keptUntil", equalTo(sixMonthsOn))
                .body("records.find { it.kind == 'INQUIRY' }.whileContractLives", equalTo(false))
                .body("records.find { it.kind == 'CONTRACT' }.whileContractLives", equalTo(true))
                .body("records.find { it.kind == 'CONTRACT' }", not(hasKey("keptUntil")))
                .body("records.find { it.bureau == 'CIC' }.disclosureContact", containsString("https://www.cic.co.jp/"))
                .body("records.find { it.bureau == 'JICC' }.disclosureContact", containsString("https://www.jicc.co.jp/"));
        assertProblem(given().auth().oauth2(Members.singleFactor(Members.newMemberId())).get("/v1/credit-bureau-dates").then(),
                404, "CONSENT_RECORD_NOT_FOUND");
    }

    // --- the disclosure's export -----------------------------------------------------------------------------------

    /** A disclosure filed through the gateway and moved in progress by an operator: its export is gathered then. */
    private static String disclosureInProgress(String member) {
        String id = given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(DISCLOSURE)
                .post("/v1/privacy-requests").then().statusCode(201).extract().path("id");
        Consents.advancePrivacyRequest(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED);
        Consents.advancePrivacyRequest(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS);
        return id;
    }

    @Test
    void theDisclosureIsDownloadedAsJsonWithWhatEveryServiceHolds() {
        String member = Members.newMemberId();
        Consents.applied(member);
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String id = disclosureInProgress(member);

        given().auth().oauth2(Members.twoStep(member)).get("/v1/privacy-requests/{id}/disclosure", id)
                .then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"disclosure-" + id + ".json\"")
                .body("format", equalTo("anshin-disclosure/1"))
                .body("requestId", equalTo(id))
                .body("sections.cardControl.available", equalTo(true))
                .body("sections.cardControl.data.cards[0].id.value", equalTo(card.getId().getValue()))
                .body("sections.cardControl.data.cards[0].last4", equalTo(card.getLast4()))
                .body("sections.cardControl.data.transitions[0].reason", equalTo("TRANSITION_REASON_ISSUED"))
                .body("sections.notification.available", equalTo(true))
                .body("sections.notification.data", hasKey("preferences"))
                .body("sections.statement.available", equalTo(true))
                .body("sections.consent.available", equalTo(true))
                .body("sections.consent.data.consentEvents", hasSize(5))
                .body("creditBureaus.bureaus.bureau", org.hamcrest.Matchers.contains("CIC", "JICC"));
    }

    @Test
    void theDisclosureNeedsATwoStepLoginAtMostFiveMinutesOld() {
        String member = Members.newMemberId();
        Consents.applied(member);
        String id = disclosureInProgress(member);
        assertEquals(Duration.parse(StepUp.DISCLOSURE_MAX_AGE),
                StepUpRequirement.of(PrivacyRequestServiceGrpc.getGetDisclosureMethod()).maxAge(),
                "the gateway's level is the contract's, which consent-service enforces too");

        for (String token : new String[] { Members.singleFactor(member),
                Members.twoStepSignedInAgo(member, Duration.ofMinutes(6)) }) {
            assertProblem(given().auth().oauth2(token).get("/v1/privacy-requests/{id}/disclosure", id).then(), 401,
                    "INSUFFICIENT_USER_AUTHENTICATION")
                    .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                    .header("WWW-Authenticate", containsString("acr_values=\"two-step\""))
                    .header("WWW-Authenticate", containsString("max_age=\"300\""));
        }
        given().auth().oauth2(Members.twoStepSignedInAgo(member, Duration.ofMinutes(4)))
                .get("/v1/privacy-requests/{id}/disclosure", id).then().statusCode(200);
    }

    @Test
    void anotherMembersDisclosureIs404() {
        String hanako = Members.newMemberId();
        Consents.applied(hanako);
        String hers = disclosureInProgress(hanako);

        assertProblem(given().auth().oauth2(Members.twoStep(Members.newMemberId()))
                .get("/v1/privacy-requests/{id}/disclosure", hers).then(), 404, "PRIVACY_REQUEST_NOT_FOUND");
    }

    @Test
    void aRequestOfAnotherKindOrADisclosureNotInProgressYetIs409() {
        String member = Members.newMemberId();
        String correction = given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON)
                .body("{\"kind\":\"CORRECTION\",\"details\":\"登録住所の誤り\"}").post("/v1/privacy-requests")
                .then().statusCode(201).extract().path("id");
        String received = given().auth().oauth2(Members.twoStep(member)).contentType(ContentType.JSON).body(DISCLOSURE)
                .post("/v1/privacy-requests").then().statusCode(201).extract().path("id");

        assertProblem(given().auth().oauth2(Members.twoStep(member)).get("/v1/privacy-requests/{id}/disclosure", correction)
                .then(), 409, "NOT_A_DISCLOSURE");
        assertProblem(given().auth().oauth2(Members.twoStep(member)).get("/v1/privacy-requests/{id}/disclosure", received)
                .then(), 409, "DISCLOSURE_NOT_READY");
    }

    @Test
    void everyRouteNeedsASignIn() {
        assertProblem(given().get("/v1/privacy-requests").then(), 401, "UNAUTHENTICATED");
        assertProblem(given().get("/v1/privacy-requests/00000000-0000-0000-0000-000000000000").then(), 401, "UNAUTHENTICATED");
        assertProblem(given().contentType(ContentType.JSON).body(DISCLOSURE).post("/v1/privacy-requests").then(), 401,
                "UNAUTHENTICATED");
        assertProblem(given().get("/v1/credit-bureau-dates").then(), 401, "UNAUTHENTICATED");
        assertProblem(given().get("/v1/privacy-requests/00000000-0000-0000-0000-000000000000/disclosure").then(), 401,
                "UNAUTHENTICATED");
    }
}
