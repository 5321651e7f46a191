package dev.anshin.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.kit.testing.PrometheusScrape;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Operators read the gateway at /q/metrics: Prometheus' text, no token needed, and every request counted by the route
 * it took (the path template) and its status, never by its path, which holds a card id.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class MetricsTest {

    private static final String REQUESTS = "anshin_gateway_requests_total";

    @Test
    void metricsAnswerInPrometheusTextFormatWithoutAToken() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatusNeverByTheirPath() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        PrometheusScrape before = PrometheusScrape.now();

        given().auth().oauth2(Members.singleFactor(member)).get("/v1/cards/{id}", card).then().statusCode(200);
        given().auth().oauth2(Members.twoStep(member)).post("/v1/cards/{id}/suspension", card).then().statusCode(200);
        given().auth().oauth2(Members.singleFactor(member)).post("/v1/cards/{id}/suspension", card).then().statusCode(401);
        given().auth().oauth2(Members.twoStep(member)).contentType("application/json")
                .body("{\"kind\":\"LOST\",\"padding\":\"" + "x".repeat(17 * 1024) + "\"}")
                .post("/v1/cards/{id}/loss-reports", card).then().statusCode(413);
        given().auth().oauth2(Members.singleFactor(member)).get("/v1/no-such-route/{id}", card).then().statusCode(404);

        PrometheusScrape after = PrometheusScrape.now();
        assertEquals(1, delta(before, after, "GET", "/v1/cards/{cardId}", "200"));
        assertEquals(1, delta(before, after, "POST", "/v1/cards/{cardId}/suspension", "200"));
        assertEquals(1, delta(before, after, "POST", "/v1/cards/{cardId}/suspension", "401"));
        assertEquals(1, delta(before, after, "POST", "/v1/cards/{cardId}/loss-reports", "413"), "refused before any resource ran");
        assertEquals(1, delta(before, after, "GET", "UNMATCHED", "404"));
        assertThat(after.text).doesNotContain(card).doesNotContain("no-such-route");
        assertThat(after.value("grpc_client_processing_duration_seconds_count", "method", "GetCard", "statusCode", "OK"))
                .as("the framework's meters of the calls to card-control").isPositive();
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String method, String route, String status) {
        String[] labels = {"method", method, "route", route, "status", status};
        return after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
    }
}
