package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;

/** Loss and theft, reissue and activation through the gateway, proven in card-control's MariaDB tables. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class CardReplacementTest {

    @Test
    void lostCardIsClosedAndReplacedWithNewNumberAwaitingActivation() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        ExtractableResponse<?> response = reportLoss(member, card, "LOST");

        JsonPath body = response.jsonPath();
        String replacement = body.getString("replacement.id");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith("/v1/cards/" + replacement);
        assertThat(body.getString("closedCard.id")).isEqualTo(card);
        assertThat(body.getString("closedCard.state")).isEqualTo("CLOSED");
        assertThat(body.getString("closedCard.replacedBy")).isEqualTo(replacement);
        assertThat(body.getString("replacement.state")).isEqualTo("AWAITING_ACTIVATION");
        assertThat(body.getString("replacement.replacementFor")).isEqualTo(card);
        assertThat(replacement).isNotEqualTo(card);

        assertEquals("CLOSED", Database.cardState(card));
        assertEquals("AWAITING_ACTIVATION", Database.cardState(replacement));
        assertThat(Database.history(card)).containsExactly("ISSUED", "REPORTED_LOST");
    }

    @Test
    void stolenAndCompromisedCardsCloseForGoodToo() {
        String member = Members.newMemberId();
        String stolen = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String compromised = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertThat(reportLoss(member, stolen, "STOLEN").statusCode()).isEqualTo(201);
        assertThat(reportLoss(member, compromised, "COMPROMISED").statusCode()).isEqualTo(201);

        assertThat(Database.history(stolen)).last().isEqualTo("REPORTED_STOLEN");
        assertThat(Database.history(compromised)).last().isEqualTo("REPORTED_COMPROMISED");
        assertEquals("CLOSED", Database.cardState(stolen));
        assertEquals("CLOSED", Database.cardState(compromised));
    }

    @Test
    void aClosedCardCanStillBeReadByItsId() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String replacement = reportLoss(member, card, "LOST").jsonPath().getString("replacement.id");

        given().auth().oauth2(Members.singleFactor(member))
                .when().get("/v1/cards/{id}", card)
                .then().statusCode(200)
                .body("state", equalTo("CLOSED"))
                .body("replacedBy", equalTo(replacement));
        given().auth().oauth2(Members.singleFactor(member))
                .when().get("/v1/cards/{id}/transitions", card)
                .then().statusCode(200)
                .body("transitions[0].reason", equalTo("REPORTED_LOST"))
                .body("transitions[0].toState", equalTo("CLOSED"));
    }

    @Test
    void reportingALostCardTwiceAnswersTheFirstReportsReplacement() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String first = reportLoss(member, card, "LOST").jsonPath().getString("replacement.id");

        ExtractableResponse<?> again = reportLoss(member, card, "LOST");

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getString("replacement.id")).isEqualTo(first);
        assertThat(Database.cardsOf(member)).hasSize(2);
    }

    @Test
    void damagedCardIsReissuedWithTheSameNumberAndKeepsWorkingUntilActivation() {
        String member = Members.newMemberId();
        var issued = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String card = issued.getId().getValue();

        ExtractableResponse<?> response = given().auth().oauth2(Members.twoStep(member))
                .contentType("application/json").body("{\"reason\":\"DAMAGED\"}")
                .when().post("/v1/cards/{id}/reissues", card)
                .then().statusCode(201)
                .body("card.id", equalTo(card))
                .body("card.state", equalTo("ACTIVE"))
                .body("replacement.state", equalTo("AWAITING_ACTIVATION"))
                .body("replacement.last4", equalTo(issued.getLast4()))
                .body("replacement.replacementFor", equalTo(card))
                .extract();

        String replacement = response.jsonPath().getString("replacement.id");
        assertThat(response.header("Location")).endsWith("/v1/cards/" + replacement);
        assertEquals("ACTIVE", Database.cardState(card));
        assertEquals("AWAITING_ACTIVATION", Database.cardState(replacement));
        assertThat(Database.history(card)).containsExactly("ISSUED", "REISSUE_DAMAGED");
    }

    @Test
    void activatingTheReplacementClosesTheOldCardInTheSameStep() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String replacement = given().auth().oauth2(Members.twoStep(member))
                .contentType("application/json").body("{\"reason\":\"EXPIRING\"}")
                .post("/v1/cards/{id}/reissues", card)
                .then().statusCode(201).extract().path("replacement.id");

        given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/activation", replacement)
                .then().statusCode(200)
                .body("card.id", equalTo(replacement))
                .body("card.state", equalTo("ACTIVE"))
                .body("closedCard.id", equalTo(card))
                .body("closedCard.state", equalTo("CLOSED"))
                .body("closedCard.replacedBy", equalTo(replacement));

        assertEquals("ACTIVE", Database.cardState(replacement));
        assertEquals("CLOSED", Database.cardState(card));
        assertThat(Database.history(card)).containsExactly("ISSUED", "REISSUE_EXPIRING", "REPLACED");
        assertThat(Database.history(replacement)).last().isEqualTo("ACTIVATED");
    }

    @Test
    void activatingALossReplacementAnswersNoClosedCardSinceTheLostOneClosedAlready() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String replacement = reportLoss(member, card, "STOLEN").jsonPath().getString("replacement.id");

        given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/activation", replacement)
                .then().statusCode(200)
                .body("card.state", equalTo("ACTIVE"))
                .body("$", not(hasKey("closedCard")));
    }

    @Test
    void activatingACardThatIsNotAwaitingActivationIs409AndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then().statusCode(200);

        given().auth().oauth2(Members.twoStep(member))
                .when().post("/v1/cards/{id}/activation", card)
                .then().statusCode(409)
                .body("code", anyOf(equalTo("CARD_NOT_AWAITING_ACTIVATION"), equalTo("CARD_NOT_ACTIVATED")));

        assertEquals("SUSPENDED", Database.cardState(card));
    }

    @Test
    void aCardOnFraudHoldCannotBeReissuedOrSuspendedByTheMember() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        Members.placeFraudHold(card);

        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType("application/json")
                .body("{\"reason\":\"DAMAGED\"}").post("/v1/cards/{id}/reissues", card).then(), 409, "CARD_ON_FRAUD_HOLD");
        assertProblem(given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then(),
                409, "CARD_ON_FRAUD_HOLD");

        assertEquals("FRAUD_HOLD", Database.cardState(card));
        assertThat(Database.cardsOf(member)).containsExactly(card);
    }

    @Test
    void aClosedCardCannotBeSuspended() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        reportLoss(member, card, "LOST");

        assertProblem(given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then(),
                409, "CARD_CLOSED");
    }

    static ExtractableResponse<?> reportLoss(String member, String card, String kind) {
        return given().auth().oauth2(Members.twoStep(member))
                .contentType("application/json").body("{\"kind\":\"" + kind + "\"}")
                .when().post("/v1/cards/{id}/loss-reports", card)
                .then().extract();
    }
}
