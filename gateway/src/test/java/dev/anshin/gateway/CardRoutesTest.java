package dev.anshin.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.anshin.gateway.Problems.assertProblem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class CardRoutesTest {

    @Test
    void listShowsOnlyTheSignedInMembersCardsMasked() {
        String hanako = Members.newMemberId();
        Card visa = Members.issueCard(hanako, CardBrand.CARD_BRAND_VISA, false);
        Card numberless = Members.issueCard(hanako, CardBrand.CARD_BRAND_JCB, true);
        Members.issueCard(Members.newMemberId(), CardBrand.CARD_BRAND_VISA, false);

        Response response = given().auth().oauth2(Members.singleFactor(hanako))
                .when().get("/v1/cards")
                .then().statusCode(200)
                .contentType("application/json")
                .body("cards", hasSize(2))
                .body("cards.id", containsInAnyOrder(visa.getId().getValue(), numberless.getId().getValue()))
                .body("cards.last4", containsInAnyOrder(visa.getLast4(), numberless.getLast4()))
                .body("cards.expiry", containsInAnyOrder(matchesPattern("\\d{4}-\\d{2}"), matchesPattern("\\d{4}-\\d{2}")))
                .body("cards.state", containsInAnyOrder("ACTIVE", "ACTIVE"))
                .body("cards.brand", containsInAnyOrder("VISA", "JCB"))
                .body("cards.numberless", containsInAnyOrder(false, true))
                .body("cards.usableLimit", containsInAnyOrder(500_000, 500_000))
                .body("cards.contractLimit", containsInAnyOrder(500_000, 500_000))
                .extract().response();
        assertThat(response.asString()).doesNotContainPattern("\\d{13,19}");
    }

    @Test
    void getReturnsOneOfTheMembersCardsWithItsVersionAsETag() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);

        given().auth().oauth2(Members.singleFactor(member))
                .when().get("/v1/cards/{id}", card.getId().getValue())
                .then().statusCode(200)
                .header("ETag", equalTo("\"" + card.getVersion() + "\""))
                .body("id", equalTo(card.getId().getValue()))
                .body("last4", equalTo(card.getLast4()))
                .body("state", equalTo("ACTIVE"))
                .body("usableLimit", equalTo(500_000))
                .body("contractLimit", equalTo(500_000))
                .body("$", not(hasKey("replacementFor")))
                .body("$", not(hasKey("replacedBy")));
    }

    @Test
    void aChangeAnswersTheCardWithItsNewETag() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String before = given().auth().oauth2(Members.singleFactor(member)).get("/v1/cards/{id}", card.getId().getValue())
                .then().statusCode(200).extract().header("ETag");

        String after = given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200).extract().header("ETag");

        assertThat(after).isEqualTo("\"" + Members.version(card.getId().getValue()) + "\"").isNotEqualTo(before);
    }

    @Test
    void transitionsListTheCardsHistoryNewestFirstByCursor() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String twoStep = Members.twoStep(member);
        given().auth().oauth2(twoStep).post("/v1/cards/{id}/suspension", card).then().statusCode(200);
        given().auth().oauth2(twoStep).delete("/v1/cards/{id}/suspension", card).then().statusCode(200);
        given().auth().oauth2(twoStep).post("/v1/cards/{id}/suspension", card).then().statusCode(200);

        String next = given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3)
                .when().get("/v1/cards/{id}/transitions", card)
                .then().statusCode(200)
                .body("transitions", hasSize(3))
                .body("transitions.reason", contains("TEMPORARY_STOP", "RESUMED", "TEMPORARY_STOP"))
                .body("transitions[0].fromState", equalTo("ACTIVE"))
                .body("transitions[0].toState", equalTo("SUSPENDED"))
                .body("transitions[0].actor.kind", equalTo("MEMBER"))
                .body("transitions[0].actor.id", equalTo(member))
                .body("transitions[0].occurredAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"))
                .body("transitions.id", everyItem(not(emptyOrNullString())))
                .body("nextPageToken", not(emptyOrNullString()))
                .extract().path("nextPageToken");

        given().auth().oauth2(Members.singleFactor(member)).queryParam("pageSize", 3).queryParam("pageToken", next)
                .when().get("/v1/cards/{id}/transitions", card)
                .then().statusCode(200)
                .body("transitions.reason", contains("ISSUED"))
                .body("$", not(hasKey("nextPageToken")));
    }

    @Test
    void transitionsPageSizeIsOneToHundredDefaultTwenty() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String token = Members.singleFactor(member);

        given().auth().oauth2(token).get("/v1/cards/{id}/transitions", card).then().statusCode(200)
                .body("transitions.reason", contains("ISSUED"));
        given().auth().oauth2(token).queryParam("pageSize", 100).get("/v1/cards/{id}/transitions", card).then().statusCode(200);
        for (String bad : new String[] { "0", "101", "-1", "ten", "1.5" }) {
            assertProblem(given().auth().oauth2(token).queryParam("pageSize", bad).get("/v1/cards/{id}/transitions", card)
                    .then(), 400, "INVALID_PAGE_SIZE");
        }
        assertProblem(given().auth().oauth2(token).queryParam("pageToken", "bm90LWEtdG9rZW4").get("/v1/cards/{id}/transitions", card)
                .then(), 400, "INVALID_REQUEST");
    }

    @Test
    void suspendWithATwoStepLoginStopsTheCardAndMariaDbHasIt() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);

        given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200)
                .body("state", equalTo("SUSPENDED"));

        assertEquals("SUSPENDED", Database.cardState(card.getId().getValue()));
    }

    @Test
    void resumeWithATwoStepLoginReactivatesTheCard() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200);

        given().auth().oauth2(Members.twoStep(member))
                .when().delete("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200)
                .body("state", equalTo("ACTIVE"));

        assertEquals("ACTIVE", Database.cardState(card.getId().getValue()));
    }

    @Test
    void repeatingASuspensionAnswersTheSameStateNotAnError() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String token = Members.twoStep(member);
        given().auth().oauth2(token).post("/v1/cards/{id}/suspension", card.getId().getValue()).then().statusCode(200);

        given().auth().oauth2(token)
                .when().post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200)
                .body("state", equalTo("SUSPENDED"));
    }

    @Test
    void suspendWithASingleFactorLoginGets401WithTheStepUpChallengeAndChangesNothing() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);

        given().auth().oauth2(Members.singleFactor(member))
                .when().post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""))
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401))
                .body("code", equalTo("INSUFFICIENT_USER_AUTHENTICATION"));

        assertEquals("ACTIVE", Database.cardState(card.getId().getValue()));
    }

    @Test
    void resumeWithASingleFactorLoginGets401WithTheStepUpChallengeAndChangesNothing() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(200);

        given().auth().oauth2(Members.singleFactor(member))
                .when().delete("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));

        assertEquals("SUSPENDED", Database.cardState(card.getId().getValue()));
    }

    @Test
    void anotherMembersCardIs404OnEveryRouteAndStaysUnchanged() {
        String owner = Members.newMemberId();
        String card = Members.issueCard(owner, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        long version = Database.cardVersion(card);
        String stranger = Members.twoStep(Members.newMemberId());

        for (Route route : Route.values()) {
            assertProblem(route.send(given().auth().oauth2(stranger).header("If-Match", "\"" + Members.version(card) + "\""), card).then(),
                    404, "CARD_NOT_FOUND");
        }

        assertEquals("ACTIVE", Database.cardState(card));
        assertEquals(500_000, Database.usableLimit(card));
        assertEquals(version, Database.cardVersion(card));
        assertThat(Database.history(card)).containsExactly("ISSUED");
        assertThat(Database.cardsOf(owner)).containsExactly(card);
    }

    @Test
    void anUnknownCardIs404() {
        assertProblem(given().auth().oauth2(Members.singleFactor(Members.newMemberId()))
                .get("/v1/cards/{id}", java.util.UUID.randomUUID().toString()).then(), 404, "CARD_NOT_FOUND");
    }

    @Test
    void resumingACardOnFraudHoldIs409WithItsOwnCodeAndTheHoldStays() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        Members.placeFraudHold(card);

        assertProblem(given().auth().oauth2(Members.twoStep(member)).delete("/v1/cards/{id}/suspension", card).then(),
                409, "FRAUD_HOLD_NOT_MEMBER_LIFTABLE");

        assertEquals("FRAUD_HOLD", Database.cardState(card));
    }

    @Test
    void theHistoryShowsWhoActedOnlyWhenItWasTheMemberNeverAStaffIdOrNote() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        Members.placeFraudHold(card);

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/cards/{id}/transitions", card)
                .then().statusCode(200)
                .body("transitions[0].reason", equalTo("FRAUD_HOLD_PLACED"))
                .body("transitions[0].actor.kind", equalTo("OPERATOR"))
                .body("transitions[0].actor", not(org.hamcrest.Matchers.hasKey("id")))
                .body("transitions[0]", not(org.hamcrest.Matchers.hasKey("comment")))
                .body(not(containsString("operator-sato")))
                .body(not(containsString("case 0001")));
    }

    @Test
    void noTokenIs401ProblemWithABearerChallenge() {
        given().when().get("/v1/cards")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401));
    }

    @Test
    void anInvalidTokenIs401Problem() {
        String valid = Members.singleFactor(Members.newMemberId());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        given().auth().oauth2(forged).when().get("/v1/cards")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aMalformedCardIdIs400ProblemOnEveryRouteAndReachesNothing() {
        String token = Members.twoStep(Members.newMemberId());
        for (Route route : Route.values()) {
            assertProblem(route.send(given().auth().oauth2(token).header("If-Match", "\"1\""), "not a card id; drop table")
                    .then(), 400, "INVALID_CARD_ID");
        }
    }

    @Test
    void unknownRoutesAnswerProblemJsonNotAStackTrace() {
        given().auth().oauth2(Members.singleFactor(Members.newMemberId()))
                .when().get("/v1/nothing-here")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body(not(containsString("Exception")));
    }

    @Test
    void openApiDocumentDescribesEveryCardRoute() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/v1/cards"))
                .body("paths", hasKey("/v1/cards/{cardId}"))
                .body("paths.'/v1/cards/{cardId}/transitions'", hasKey("get"))
                .body("paths.'/v1/cards/{cardId}/suspension'", allOf(hasKey("post"), hasKey("delete")))
                .body("paths.'/v1/cards/{cardId}/loss-reports'", hasKey("post"))
                .body("paths.'/v1/cards/{cardId}/reissues'", hasKey("post"))
                .body("paths.'/v1/cards/{cardId}/activation'", hasKey("post"))
                .body("paths.'/v1/cards/{cardId}/usable-limit'", hasKey("put"))
                .body("paths.'/v1/cards/{cardId}/credential-reveals'", hasKey("post"))
                .body("paths.'/v1/cards/{cardId}/usable-limit'.put.responses", allOf(hasKey("200"), hasKey("202"),
                        hasKey("412"), hasKey("428")))
                .body("paths.'/v1/cards/{cardId}/loss-reports'.post.parameters.name", hasItem("Idempotency-Key"))
                .body("components.schemas.Card.properties", allOf(hasKey("usableLimit"), hasKey("contractLimit"),
                        hasKey("replacementFor"), hasKey("replacedBy")));
    }
}
