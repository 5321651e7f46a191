package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/**
 * A token is accepted only by the services it was minted for (RFC 9068 §4, RFC 8725 §3.9): a token the provider issued
 * to another client of the realm works nowhere here, at the gateway or behind it.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class TokenAudienceTest {

    @Test
    void aTokenMintedForAnotherClientIsRefusedByTheGatewayWith401() {
        String member = Members.newMemberId();

        assertProblem(given().auth().oauth2(token(member, Set.of("another-client"))).get("/v1/cards").then(),
                401, "UNAUTHENTICATED");
    }

    @Test
    void aTokenWithoutAnAudienceIsRefusedByTheGatewayWith401() {
        String member = Members.newMemberId();

        assertProblem(given().auth().oauth2(token(member, Set.of())).get("/v1/cards").then(), 401, "UNAUTHENTICATED");
    }

    @Test
    void aTokenMintedForTheGatewayAloneIsRefusedByCardControlBehindItAndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertProblem(given().auth().oauth2(token(member, Set.of("gateway")))
                .post("/v1/cards/{id}/suspension", card).then(), 401, "UNAUTHENTICATED");

        given().auth().oauth2(Members.twoStep(member)).get("/v1/cards/{id}", card)
                .then().statusCode(200).body("state", equalTo("ACTIVE"));
    }

    /** A member's two-step token of the issuer, for the given audiences (none: no {@code aud} claim). */
    private static String token(String member, Set<String> audience) {
        var token = Jwt.issuer(CardControlSuite.ISSUER).subject(member).groups(Set.of("member"))
                .claim("acr", "two-step").claim("auth_time", Instant.now().getEpochSecond())
                .issuedAt(Instant.now()).expiresIn(300);
        if (!audience.isEmpty()) {
            token.audience(audience);
        }
        return token.sign();
    }
}
