package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The login each route needs (gateway/README.md), route by route: RFC 9470 step-up with acr and max_age. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class StepUpTest {

    @Inject
    CardControlCalls cardControlCalls;

    static Stream<Route> changes() {
        return Arrays.stream(Route.values()).filter(route -> route.twoStep);
    }

    static Stream<Route> reads() {
        return Arrays.stream(Route.values()).filter(route -> !route.twoStep);
    }

    static Stream<Route> recentLoginRoutes() {
        return Arrays.stream(Route.values()).filter(route -> route.maxAge != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void everyChangeRefusesASingleFactorLoginWithTheStepUpChallengeAndChangesNothing(Route route) {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        long version = Database.cardVersion(card);

        var response = assertProblem(route.send(given().auth().oauth2(Members.singleFactor(member))
                .header("If-Match", "\"" + Members.version(card) + "\""), card).then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));
        if (route.maxAge != null) {
            response.header("WWW-Authenticate", containsString("max_age=\"" + route.maxAge + "\""));
        } else {
            response.header("WWW-Authenticate", not(containsString("max_age")));
        }

        assertUnchanged(member, card, version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recentLoginRoutes")
    void aTwoStepLoginOlderThanTheRoutesMaxAgeGets401WithMaxAgeAndChangesNothing(Route route) {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        long version = Database.cardVersion(card);
        Duration tooOld = Duration.ofSeconds(Long.parseLong(route.maxAge)).plusMinutes(1);

        assertProblem(route.send(given().auth().oauth2(Members.twoStepSignedInAgo(member, tooOld))
                .header("If-Match", "\"" + Members.version(card) + "\""), card).then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""))
                .header("WWW-Authenticate", containsString("max_age=\"" + route.maxAge + "\""));

        assertUnchanged(member, card, version);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reads")
    void readsNeedOnlyASingleFactorLogin(Route route) {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        route.send(given().auth().oauth2(Members.singleFactor(member)), card).then().statusCode(200);
    }

    @Test
    void listingCardsNeedsOnlyASingleFactorLogin() {
        given().auth().oauth2(Members.singleFactor(Members.newMemberId())).get("/v1/cards").then().statusCode(200);
    }

    @Test
    void aTwoStepLoginOfHoursAgoStillSuspendsSinceSuspensionHasNoMaxAge() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        given().auth().oauth2(Members.twoStepSignedInAgo(member, Duration.ofHours(3)))
                .post("/v1/cards/{id}/suspension", card)
                .then().statusCode(200).body("state", equalTo("SUSPENDED"));
    }

    @Test
    void aTwoStepLoginOfTenMinutesAgoMayChangeTheLimitButNotRevealDetails() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        String tenMinutesAgo = Members.twoStepSignedInAgo(member, Duration.ofMinutes(10));

        given().auth().oauth2(tenMinutesAgo).header("If-Match", "\"" + Members.version(card) + "\"")
                .contentType("application/json").body("{\"amount\":200000}")
                .put("/v1/cards/{id}/usable-limit", card)
                .then().statusCode(200).body("usableLimit", equalTo(200_000));
        given().auth().oauth2(tenMinutesAgo).post("/v1/cards/{id}/credential-reveals", card)
                .then().statusCode(401).header("WWW-Authenticate", containsString("max_age=\"300\""));

        assertThat(Database.history(card)).doesNotContain("CREDENTIALS_REVEALED");
    }

    /**
     * The gateway trusts a verified token again on reads without verifying it anew (auth/VerifiedTokenCache); a route
     * that needs two-step must still hold the same token to its acr, however often it was just accepted on reads.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aSingleFactorTokenAlreadyTrustedOnReadsIsStillRefusedByEveryChange(Route route) {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        long version = Database.cardVersion(card);
        String token = Members.singleFactor(member);
        given().auth().oauth2(token).get("/v1/cards").then().statusCode(200);
        given().auth().oauth2(token).get("/v1/cards").then().statusCode(200);
        int callsBefore = cardControlCalls.count(route.rpc.getBareMethodName());

        assertProblem(route.send(given().auth().oauth2(token)
                .header("If-Match", "\"" + Members.version(card) + "\""), card).then(), 401, "INSUFFICIENT_USER_AUTHENTICATION")
                .header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"two-step\""));

        // The gateway itself refused it (card-control, which enforces two-step too, was never asked).
        assertEquals(callsBefore, cardControlCalls.count(route.rpc.getBareMethodName()));
        assertUnchanged(member, card, version);
    }

    @Test
    void aTwoStepLoginTooOldToRevealIsStillRefusedAfterItWasTrustedOnReads() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        String tenMinutesAgo = Members.twoStepSignedInAgo(member, Duration.ofMinutes(10));
        given().auth().oauth2(tenMinutesAgo).get("/v1/cards").then().statusCode(200);
        given().auth().oauth2(tenMinutesAgo).get("/v1/cards/{id}", card).then().statusCode(200);
        int revealsBefore = cardControlCalls.count("RevealCardCredentials");

        given().auth().oauth2(tenMinutesAgo).post("/v1/cards/{id}/credential-reveals", card)
                .then().statusCode(401).header("WWW-Authenticate", containsString("max_age=\"300\""));

        assertEquals(revealsBefore, cardControlCalls.count("RevealCardCredentials"));
        assertThat(Database.history(card)).doesNotContain("CREDENTIALS_REVEALED");
    }

    private static void assertUnchanged(String member, String card, long version) {
        assertEquals("ACTIVE", Database.cardState(card));
        assertEquals(Members.CONTRACT_LIMIT, Database.usableLimit(card));
        assertEquals(version, Database.cardVersion(card));
        assertThat(Database.history(card)).containsExactly("ISSUED");
        assertThat(Database.cardsOf(member)).containsExactly(card);
        assertThat(Database.idempotencyRows(member)).isEmpty();
    }
}
