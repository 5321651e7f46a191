package dev.anshin.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
                .extract().response();
        assertThat(response.asString()).doesNotContainPattern("\\d{13,19}");
    }

    @Test
    void getReturnsOneOfTheMembersCards() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);

        given().auth().oauth2(Members.singleFactor(member))
                .when().get("/v1/cards/{id}", card.getId().getValue())
                .then().statusCode(200)
                .body("id", equalTo(card.getId().getValue()))
                .body("last4", equalTo(card.getLast4()))
                .body("state", equalTo("ACTIVE"));
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
        Card card = Members.issueCard(Members.newMemberId(), CardBrand.CARD_BRAND_VISA, false);
        String stranger = Members.twoStep(Members.newMemberId());

        given().auth().oauth2(stranger).get("/v1/cards/{id}", card.getId().getValue())
                .then().statusCode(404).contentType(startsWith("application/problem+json")).body("code", equalTo("CARD_NOT_FOUND"));
        given().auth().oauth2(stranger).post("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().auth().oauth2(stranger).delete("/v1/cards/{id}/suspension", card.getId().getValue())
                .then().statusCode(404).contentType(startsWith("application/problem+json"));

        assertEquals("ACTIVE", Database.cardState(card.getId().getValue()));
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
    void aMalformedCardIdIs400ProblemAndReachesNothing() {
        given().auth().oauth2(Members.twoStep(Members.newMemberId()))
                .when().post("/v1/cards/{id}/suspension", "not a card id; drop table")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_CARD_ID"));
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
    void openApiDocumentDescribesTheCardRoutes() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/cards/{cardId}/suspension"));
    }
}
