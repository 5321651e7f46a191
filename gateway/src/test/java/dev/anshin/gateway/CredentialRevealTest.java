package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;

/** Revealing a numberless card's details: recent two-step login, 5 per card per hour, never cached, logged or stored. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class CredentialRevealTest {

    @Test
    void revealingANumberlessCardAnswersItsDetailsWithNoStoreAndRecordsIt() {
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true);

        ExtractableResponse<?> response = reveal(member, card.getId().getValue())
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .body("cardNumber", matchesPattern("\\d{14,19}"))
                .body("expiry", equalTo(String.format("%04d-%02d", card.getExpiry().getYear(), card.getExpiry().getMonth())))
                .body("securityCode", matchesPattern("\\d{3,4}"))
                .extract();

        String number = response.path("cardNumber");
        assertThat(number).endsWith(card.getLast4()).startsWith("356999");
        assertThat(luhnValid(number)).isTrue();
        assertThat(Database.history(card.getId().getValue())).containsExactly("ISSUED", "CREDENTIALS_REVEALED");
    }

    @Test
    void theSixthRevealWithinAnHourIs429WithRetryAfter() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        for (int i = 1; i <= 5; i++) {
            reveal(member, card).then().statusCode(200);
        }

        String retryAfter = assertProblem(reveal(member, card).then(), 429, "REVEAL_LIMIT_REACHED")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .extract().header("Retry-After");

        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 3600L);
        assertThat(Database.history(card)).filteredOn("CREDENTIALS_REVEALED"::equals).hasSize(5);
    }

    @Test
    void aCardWithAPrintedNumberIsNotRevealed() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertProblem(reveal(member, card).then(), 409, "NOT_NUMBERLESS");

        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aRevealTakesNoIdempotencyKeySoNothingOfItIsStoredOrCounted() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();

        assertProblem(given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", "reveal-1")
                .post("/v1/cards/{id}/credential-reveals", card).then(), 400, "IDEMPOTENCY_KEY_NOT_ACCEPTED");

        assertThat(Database.history(card)).containsExactly("ISSUED");
        assertThat(Database.idempotencyRows(member)).isEmpty();
    }

    @Test
    void aRevealedNumberReachesNoLogAndNoTableInClear() throws IOException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        ExtractableResponse<?> revealed = reveal(member, card).then().statusCode(200).extract();
        String number = revealed.path("cardNumber");
        String securityCode = revealed.path("securityCode");
        // Everything else the gateway does with a key, so its table is not empty.
        given().auth().oauth2(Members.twoStep(member)).header("Idempotency-Key", "after-reveal")
                .post("/v1/cards/{id}/suspension", card).then().statusCode(200);

        assertThat(Path.of("target", "gateway-test.log")).exists();
        assertThat(CardControlSuite.LOG).exists();
        assertThat(read(Path.of("target", "gateway-test.log"))).doesNotContain(number);
        assertThat(read(CardControlSuite.LOG)).doesNotContain(number);
        assertThat(Database.allText(Database.GATEWAY)).doesNotContain(number).doesNotContain("\"securityCode\"");
        assertThat(Database.allText(Database.CARD_CONTROL)).doesNotContain(number);
        assertThat(securityCode).isNotBlank();
    }

    private static io.restassured.response.Response reveal(String member, String card) {
        return given().auth().oauth2(Members.twoStep(member)).when().post("/v1/cards/{id}/credential-reveals", card);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static boolean luhnValid(String number) {
        int sum = 0;
        for (int i = 0; i < number.length(); i++) {
            int digit = number.charAt(number.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
