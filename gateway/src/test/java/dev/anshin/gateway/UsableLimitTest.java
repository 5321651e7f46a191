package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The member-set usable limit (利用可能枠): whole yen, 0 to the contract limit, conditional on If-Match. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class UsableLimitTest {

    @Test
    void loweringTheUsableLimitNeedsTheCurrentETagAndAnswersTheNewOne() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String etag = etag(member, card);

        String newETag = put(member, card, etag, "{\"amount\":300000}")
                .statusCode(200)
                .body("id", equalTo(card))
                .body("usableLimit", equalTo(300_000))
                .body("contractLimit", equalTo(500_000))
                .extract().header("ETag");

        assertEquals(300_000, Database.usableLimit(card));
        assertThat(newETag).isEqualTo("\"" + Members.version(card) + "\"").isNotEqualTo(etag);
        assertThat(newETag).isEqualTo(etag(member, card));
    }

    @Test
    void raisingBackUpToTheContractLimitIsImmediate() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String lowered = put(member, card, etag(member, card), "{\"amount\":0}").statusCode(200)
                .body("usableLimit", equalTo(0)).extract().header("ETag");

        put(member, card, lowered, "{\"amount\":500000}").statusCode(200).body("usableLimit", equalTo(500_000));

        assertEquals(500_000, Database.usableLimit(card));
    }

    @Test
    void aboveTheContractLimitIsACreditReviewRequestAnswered202AndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String lowered = put(member, card, etag(member, card), "{\"amount\":100000}").statusCode(200).extract().header("ETag");

        put(member, card, lowered, "{\"amount\":800000}")
                .statusCode(202)
                .body("creditReviewRequestId", not(emptyOrNullString()))
                .body("requestedAmount", equalTo(800_000))
                .body("status", equalTo("RECEIVED"));

        assertEquals(100_000, Database.usableLimit(card));
    }

    @Test
    void withoutIfMatchIs428AndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertProblem(put(member, card, null, "{\"amount\":100000}"), 428, "PRECONDITION_REQUIRED");

        assertEquals(500_000, Database.usableLimit(card));
    }

    @Test
    void aStaleIfMatchIs412VersionMismatchAndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String stale = etag(member, card);
        // Someone else changes the card in between (here: a suspension from another device).
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then().statusCode(200);

        assertProblem(put(member, card, stale, "{\"amount\":100000}"), 412, "VERSION_MISMATCH");

        assertEquals(500_000, Database.usableLimit(card));
    }

    @Test
    void aWellFormedEntityTagThatDoesNotMatchIs412() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        long version = Members.version(card);

        // RFC 9110: If-Match compares strongly, so the card's own version as a weak tag does not match either.
        for (String notMatching : new String[] { "\"stale\"", "W/\"" + version + "\"", "\"" + (version + 1) + "\"",
                "\"0\"", "\"-1\"", "\"\"", "\"a,b\"", "\"" + (version + 1) + "\", W/\"" + version + "\", \"stale\"" }) {
            assertProblem(put(member, card, notMatching, "{\"amount\":100000}"), 412, "VERSION_MISMATCH")
                    .body("title", equalTo("Precondition failed"));
        }

        assertEquals(500_000, Database.usableLimit(card));
        assertEquals(version, Members.version(card));
        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aMalformedIfMatchIs400() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        long version = Members.version(card);

        for (String malformed : new String[] { Long.toString(version), "\"" + version, "W/" + version,
                "w/\"" + version + "\"", "\"" + version + "\" \"" + version + "\"", "*, \"" + version + "\"", "**",
                "\"" + version + " \"", ",", "stale" }) {
            assertProblem(put(member, card, malformed, "{\"amount\":100000}"), 400, "INVALID_IF_MATCH");
        }

        assertEquals(500_000, Database.usableLimit(card));
        assertEquals(version, Members.version(card));
    }

    @Test
    void ifMatchStarMatchesAnyExistingCard() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        // The card changes after the member last read it: * still matches, whatever version it is at now.
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then().statusCode(200);

        String newETag = put(member, card, "*", "{\"amount\":200000}")
                .statusCode(200)
                .body("usableLimit", equalTo(200_000))
                .extract().header("ETag");

        assertEquals(200_000, Database.usableLimit(card));
        assertThat(newETag).isEqualTo("\"" + Members.version(card) + "\"");
    }

    @Test
    void aListOfEntityTagsMatchesWhenOneOfThemIsTheCardsCurrentETag() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String etag = etag(member, card);

        put(member, card, "\"stale\", W/" + etag + ", " + etag, "{\"amount\":300000}").statusCode(200)
                .body("usableLimit", equalTo(300_000));
        String current = etag(member, card);
        // Field lines of one header are one list (RFC 9110 section 5.3).
        given().auth().oauth2(Members.twoStep(member)).contentType("application/json").body("{\"amount\":250000}")
                .header("If-Match", "\"stale\"").header("If-Match", current)
                .when().put("/v1/cards/{id}/usable-limit", card)
                .then().statusCode(200).body("usableLimit", equalTo(250_000));

        assertEquals(250_000, Database.usableLimit(card));
    }

    @Test
    void aMissingCardIs404WhateverTheIfMatchSays() {
        String member = Members.newMemberId();
        String unknown = java.util.UUID.randomUUID().toString();
        String othersCard = Members.issueCard(Members.newMemberId(), CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        for (String ifMatch : new String[] { "*", "\"stale\"", "W/\"1\"", "\"1\", \"2\"", "\"1\"" }) {
            assertProblem(put(member, unknown, ifMatch, "{\"amount\":100000}"), 404, "CARD_NOT_FOUND");
            assertProblem(put(member, othersCard, ifMatch, "{\"amount\":100000}"), 404, "CARD_NOT_FOUND");
        }

        assertEquals(500_000, Database.usableLimit(othersCard));
    }

    @Test
    void negativeFractionalOrTextAmountsAre400AndChangeNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String etag = etag(member, card);

        assertProblem(put(member, card, etag, "{\"amount\":-1}"), 400, "INVALID_AMOUNT");
        for (String body : new String[] { "{\"amount\":1.5}", "{\"amount\":100000.0}", "{\"amount\":1e5}",
                "{\"amount\":\"100000\"}", "{\"amount\":\"\"}", "{\"amount\":true}", "{\"amount\":null}", "{}",
                "{\"amount\":99999999999999999999}", "{\"amount\":100000,\"currency\":\"JPY\"}",
                "{\"amount\":1,\"amount\":2}", "[100000]", "100000", "{\"amount\":100000} {}" }) {
            assertProblem(put(member, card, etag, body), 400, "INVALID_BODY");
        }

        assertEquals(500_000, Database.usableLimit(card));
        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void theDetailSaysWhatAnAmountMustBe() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        put(member, card, etag(member, card), "{\"amount\":1.5}").statusCode(400)
                .body("detail", equalTo("Field 'amount' must be a whole number of yen: a JSON integer, no fraction, no quotes."));
        put(member, card, etag(member, card), "{\"amount\":1,\"currency\":\"JPY\"}").statusCode(400)
                .body("detail", equalTo("Unknown field 'currency'. Known fields: amount."));
    }

    private static String etag(String member, String card) {
        return given().auth().oauth2(Members.singleFactor(member)).get("/v1/cards/{id}", card)
                .then().statusCode(200).extract().header("ETag");
    }

    private static ValidatableResponse put(String member, String card, String ifMatch, String body) {
        var request = given().auth().oauth2(Members.twoStep(member)).contentType("application/json").body(body);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.when().put("/v1/cards/{id}/usable-limit", card).then();
    }
}
