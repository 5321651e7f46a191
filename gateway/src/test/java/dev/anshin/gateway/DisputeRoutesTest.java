package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.statement.v1.DisputeStatus;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Transaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Disputes of unrecognised charges (身に覚えのない請求) end to end: {@code POST /v1/transactions/{id}/disputes}
 * (two-step), {@code GET /v1/disputes} and {@code GET /v1/disputes/{id}}, with the packaged statement-service keeping
 * them and an operator moving one on over gRPC.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class DisputeRoutesTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static Transaction posted(String member, Card card, long amount, String merchant, Instant usedAt) {
        return Purchases.post(member, card, amount, merchant, usedAt, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0);
    }

    private static io.restassured.response.ValidatableResponse dispute(String token, String transactionId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v1/transactions/{id}/disputes", transactionId).then();
    }

    @Test
    void aMemberDisputesAPostedChargeWithTwoStepsAndSeesItReceived() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction item = posted(member, card, 12_800, "見知らぬ通販", NOW.minus(Duration.ofDays(3)));

        String body = dispute(Members.twoStep(member), item.getId(), "{\"description\":\"この店で買い物をしていません\"}")
                .statusCode(201)
                .contentType("application/json")
                .header("Location", equalTo("/v1/disputes/" + readId(member)))
                .body("status", equalTo("RECEIVED"))
                .body("transactionId", equalTo(item.getId()))
                .body("compensationEligible", equalTo(true))
                .body("description", equalTo("この店で買い物をしていません"))
                .body("merchantName", equalTo("見知らぬ通販"))
                .body("amount", equalTo(12_800))
                .body("card.last4", equalTo(card.getLast4()))
                .body("$", not(hasKey("history")))
                .extract().asString();
        assertThat(body).doesNotContainPattern("\\d{13,19}");

        String token = Members.singleFactor(member);
        String id = readId(member);
        given().auth().oauth2(token).get("/v1/disputes/{id}", id).then().statusCode(200)
                .body("status", equalTo("RECEIVED"))
                .body("history.toStatus", contains("RECEIVED"))
                .body("history.by", contains("MEMBER"))
                .body("history[0]", not(hasKey("fromStatus")));
        given().auth().oauth2(token).get("/v1/transactions/{id}", item.getId()).then().statusCode(200)
                .body("disputed", equalTo(true));
    }

    @Test
    void disputingNeedsATwoStepLoginAndChangesNothingWithout() {
        String member = Members.newMemberId();
        Transaction item = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 5_000, "店",
                NOW.minus(Duration.ofDays(1)));

        dispute(Members.singleFactor(member), item.getId(), "{\"description\":\"not me\"}")
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes").then().statusCode(200)
                .body("disputes", empty());
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/transactions/{id}", item.getId()).then()
                .body("disputed", equalTo(false));
    }

    @Test
    void disputingTheSameChargeAgainAnswersTheFirstDisputeWith200() {
        String member = Members.newMemberId();
        Transaction item = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 5_000, "店",
                NOW.minus(Duration.ofDays(1)));
        String first = dispute(Members.twoStep(member), item.getId(), "{\"description\":\"first\"}").statusCode(201)
                .extract().path("id");

        dispute(Members.twoStep(member), item.getId(), "{\"description\":\"second\"}")
                .statusCode(200)
                .body("id", equalTo(first))
                .body("description", equalTo("first"));

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes").then().statusCode(200)
                .body("disputes.id", contains(first));
    }

    @Test
    void useMoreThanSixtyDaysBeforeTheReportIsRecordedButNotCovered() {
        String member = Members.newMemberId();
        Transaction old = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 8_000, "古い店",
                NOW.minus(Duration.ofDays(62)));

        dispute(Members.twoStep(member), old.getId(), "{\"description\":\"not me\"}")
                .statusCode(201)
                .body("compensationEligible", equalTo(false))
                .body("status", equalTo("RECEIVED"));
    }

    @Test
    void aPendingChargeIs409AndAnotherMembersChargeIs404() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        Transaction pending = Purchases.approve(member, card, 3_000, "カフェ", NOW.minusSeconds(60));
        String stranger = Members.newMemberId();
        Transaction theirs = posted(stranger, Members.issueCard(stranger, CardBrand.CARD_BRAND_VISA, false), 9_000,
                "他人の店", NOW.minus(Duration.ofDays(1)));

        assertProblem(dispute(Members.twoStep(member), pending.getId(), "{\"description\":\"not me\"}"), 409,
                "TRANSACTION_NOT_POSTED");
        String body = assertProblem(dispute(Members.twoStep(member), theirs.getId(), "{\"description\":\"not me\"}"),
                404, "TRANSACTION_NOT_FOUND").extract().asString();

        assertThat(body).doesNotContain("他人の店", stranger);
        given().auth().oauth2(Members.singleFactor(stranger)).get("/v1/transactions/{id}", theirs.getId()).then()
                .body("disputed", equalTo(false));
    }

    @Test
    void aBodyWithoutADescriptionOrWithUnknownFieldsIs400() {
        String member = Members.newMemberId();
        Transaction item = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 5_000, "店",
                NOW.minus(Duration.ofDays(1)));
        String token = Members.twoStep(member);

        assertProblem(dispute(token, item.getId(), "{}"), 400, "INVALID_BODY");
        assertProblem(dispute(token, item.getId(), "{\"description\":\"  \"}"), 400, "INVALID_BODY");
        assertProblem(dispute(token, item.getId(), "{\"description\":\"" + "x".repeat(1_001) + "\"}"), 400, "INVALID_BODY");
        assertProblem(dispute(token, item.getId(), "{\"description\":\"not me\",\"amount\":1}"), 400, "INVALID_BODY");
        assertProblem(dispute(token, "not an id!", "{\"description\":\"not me\"}"), 400, "INVALID_TRANSACTION_ID");

        given().auth().oauth2(token).get("/v1/disputes").then().statusCode(200).body("disputes", empty());
    }

    @Test
    void anOperatorsRejectionReachesTheMemberWithItsReasonButNotTheOperatorsId() {
        String member = Members.newMemberId();
        Transaction item = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 20_000, "家電店",
                NOW.minus(Duration.ofDays(5)));
        String id = dispute(Members.twoStep(member), item.getId(), "{\"description\":\"not me\"}").statusCode(201)
                .extract().path("id");

        Purchases.advanceDispute(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");
        Purchases.advanceDispute(id, DisputeStatus.DISPUTE_STATUS_REJECTED, "ご本人の端末と暗証番号による利用でした");

        String body = given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes/{id}", id).then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("statusReason", equalTo("ご本人の端末と暗証番号による利用でした"))
                .body("history.toStatus", contains("RECEIVED", "INVESTIGATING", "REJECTED"))
                .body("history.by", contains("MEMBER", "OPERATOR", "OPERATOR"))
                .body("history[2].fromStatus", equalTo("INVESTIGATING"))
                .extract().asString();
        assertThat(body).doesNotContain("operator-sato");
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes").then().statusCode(200)
                .body("disputes.status", contains("REJECTED"));
    }

    @Test
    void anotherMembersDisputeIs404AndAMalformedIdIs400() {
        String member = Members.newMemberId();
        Transaction item = posted(member, Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false), 5_000, "店",
                NOW.minus(Duration.ofDays(1)));
        String id = dispute(Members.twoStep(member), item.getId(), "{\"description\":\"not me\"}").statusCode(201)
                .extract().path("id");
        String stranger = Members.newMemberId();

        assertProblem(given().auth().oauth2(Members.singleFactor(stranger)).get("/v1/disputes/{id}", id).then(), 404,
                "DISPUTE_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(stranger))
                .get("/v1/disputes/{id}", UUID.randomUUID().toString()).then(), 404, "DISPUTE_NOT_FOUND");
        assertProblem(given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes/{id}", "x;y").then(), 400,
                "INVALID_DISPUTE_ID");
        given().auth().oauth2(Members.singleFactor(stranger)).get("/v1/disputes").then().statusCode(200)
                .body("disputes", empty());
    }

    @Test
    void disputesArePagedWithPageSizeAndPageToken() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String token = Members.twoStep(member);
        for (int i = 0; i < 3; i++) {
            Transaction item = posted(member, card, 1_000 + i, "店 " + i, NOW.minus(Duration.ofDays(1)));
            dispute(token, item.getId(), "{\"description\":\"not me " + i + "\"}").statusCode(201);
        }

        String next = given().auth().oauth2(token).queryParam("pageSize", 2).get("/v1/disputes").then().statusCode(200)
                .body("disputes.description", contains("not me 2", "not me 1"))
                .extract().path("nextPageToken");
        given().auth().oauth2(token).queryParam("pageSize", 2).queryParam("pageToken", next).get("/v1/disputes").then()
                .statusCode(200)
                .body("disputes.description", contains("not me 0"))
                .body("$", not(hasKey("nextPageToken")));
        assertProblem(given().auth().oauth2(token).queryParam("pageSize", 0).get("/v1/disputes").then(), 400,
                "INVALID_PAGE_SIZE");
    }

    /** The id of the member's newest dispute, as the list shows it. */
    private static String readId(String member) {
        return given().auth().oauth2(Members.singleFactor(member)).get("/v1/disputes").then().statusCode(200)
                .extract().path("disputes[0].id");
    }
}
