package dev.anshin.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.statement.v1.PaymentMethod;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the services log is what operators' log collectors keep: JSON, one object a line (card-control and
 * statement-service run their prod profile here; the gateway's test log file is JSON too), and never a card number or a
 * bearer token, however the request went.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class LogLeakTest {

    private static final Path GATEWAY_LOG = Path.of("target", "gateway-test.log");
    /** Something shaped like a JWT (header and payload base64url JSON objects, then a signature). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    @Test
    void noCardNumberOrBearerTokenInEitherServicesJsonLog() throws IOException, InterruptedException {
        long gatewayFrom = size(GATEWAY_LOG);
        long cardControlFrom = size(CardControlSuite.LOG);
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_JCB, true).getId().getValue();
        String twoStep = Members.twoStep(member);
        String singleFactor = Members.singleFactor(member);
        String forged = twoStep.substring(0, twoStep.lastIndexOf('.') + 1) + "c2lnbmVkLWJ5LW5vYm9keS1hdC1hbGwtMDEyMzQ1Njc4OQ";

        String number = given().auth().oauth2(twoStep).post("/v1/cards/{id}/credential-reveals", card)
                .then().statusCode(200).extract().path("cardNumber");
        given().auth().oauth2(twoStep).post("/v1/cards/{id}/suspension", card).then().statusCode(200);
        given().auth().oauth2(singleFactor).delete("/v1/cards/{id}/suspension", card).then().statusCode(401);
        given().auth().oauth2(forged).get("/v1/cards/{id}", card).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt-" + twoStep).get("/v1/cards").then().statusCode(401);
        Thread.sleep(500); // card-control's output reaches its file through a pipe

        String gateway = since(GATEWAY_LOG, gatewayFrom);
        String cardControl = since(CardControlSuite.LOG, cardControlFrom);
        for (String log : List.of(gateway, cardControl)) {
            assertThat(log).doesNotContain(number).doesNotContainPattern(JWT);
            for (String token : List.of(twoStep, singleFactor, forged)) {
                assertThat(log).doesNotContain(token.substring(token.indexOf('.') + 1));
            }
        }
        assertThat(Files.readAllLines(CardControlSuite.LOG, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()))
                .as("card-control's prod output is JSON, one object a line").isNotEmpty()
                .allMatch(line -> line.startsWith("{") && line.endsWith("}"));
        assertThat(gateway.lines().filter(line -> !line.isBlank()))
                .allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    }

    @Test
    void noCardNumberOrBearerTokenInStatementServicesJsonLog() throws IOException, InterruptedException {
        long from = size(CardControlSuite.STATEMENT_LOG);
        String member = Members.newMemberId();
        Card card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false);
        String singleFactor = Members.singleFactor(member);
        String forged = singleFactor.substring(0, singleFactor.lastIndexOf('.') + 1) + "c2lnbmVkLWJ5LW5vYm9keS1hdC1hbGw";
        String number = "4111111111111111";
        String item = Purchases.approve(member, card, 1_000, "店", Instant.now()).getId();
        // A clearing record with a card number in its merchant name is refused, and the number goes nowhere.
        assertThatThrownBy(() -> Purchases.post(member, card, 1_000, "SHOP " + number, Instant.now(),
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0)).isInstanceOf(StatusRuntimeException.class)
                .hasMessageNotContaining(number);

        given().auth().oauth2(singleFactor).get("/v1/transactions").then().statusCode(200);
        given().auth().oauth2(singleFactor).get("/v1/transactions/{id}", item).then().statusCode(200);
        given().auth().oauth2(forged).get("/v1/transactions").then().statusCode(401);
        Thread.sleep(500); // statement-service's output reaches its file through a pipe

        String statement = since(CardControlSuite.STATEMENT_LOG, from);
        assertThat(statement).doesNotContain(number).doesNotContainPattern(JWT)
                .doesNotContain(singleFactor.substring(singleFactor.indexOf('.') + 1));
        assertThat(Files.readAllLines(CardControlSuite.STATEMENT_LOG, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()))
                .as("statement-service's prod output is JSON, one object a line").isNotEmpty()
                .allMatch(line -> line.startsWith("{") && line.endsWith("}"));
    }

    private static long size(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What was written to {@code log} since it was {@code offset} long (the gateway's file outlives runs). */
    private static String since(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(offset, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }
}
