package dev.anshin.gateway;

import static dev.anshin.gateway.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.QuarkusTestResource;

/** Bodies the gateway refuses before anything happens: 4xx problem+json, the card unchanged. */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class MalformedInputTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void unknownLossKindsNumbersForEnumsAndUnknownFieldsAre400AndChangeNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        for (String body : new String[] { "{\"kind\":\"MISPLACED\"}", "{\"kind\":\"lost\"}", "{\"kind\":1}",
                "{\"kind\":\"\"}", "{\"kind\":null}", "{}", "{\"kind\":\"LOST\",\"comment\":\"x\"}", "[\"LOST\"]",
                "\"LOST\"", "null", "{\"kind\":\"LOST\"", "kind=LOST", "{\"kind\":\"LOST\",\"kind\":\"STOLEN\"}" }) {
            assertProblem(post(member, card, "loss-reports", body), 400, "INVALID_BODY");
        }

        assertEquals("ACTIVE", Database.cardState(card));
        assertThat(Database.history(card)).containsExactly("ISSUED");
        assertThat(Database.cardsOf(member)).containsExactly(card);
    }

    @Test
    void theDetailNamesTheFieldAndItsAllowedValuesButNeverEchoesTheInput() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        post(member, card, "loss-reports", "{\"kind\":\"4987650000000001\"}").statusCode(400)
                .body("detail", equalTo("Field 'kind' must be one of LOST, STOLEN, COMPROMISED (a JSON string)."));
        post(member, card, "reissues", "{\"reason\":\"SCRATCHED\"}").statusCode(400)
                .body("detail", equalTo("Field 'reason' must be one of DAMAGED, EXPIRING (a JSON string)."));
        post(member, card, "reissues", "{}").statusCode(400)
                .body("detail", equalTo("Field 'reason' is required: DAMAGED or EXPIRING."));
    }

    @Test
    void aMissingOrEmptyBodyIs400WhereABodyIsRequired() throws IOException, InterruptedException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        for (String route : new String[] { "loss-reports", "reissues" }) {
            assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType("application/json")
                    .post("/v1/cards/{id}/" + route, card).then(), 400, "INVALID_BODY")
                    .body("detail", equalTo("A JSON body is required."));
            // No body and no Content-Type at all (rest-assured would add a form content type; curl -X POST does not).
            HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.toString().replaceAll("/$", "") + "/v1/cards/" + card + "/" + route))
                    .header("Authorization", "Bearer " + Members.twoStep(member))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bare.statusCode()).isEqualTo(400);
            assertThat(bare.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(bare.body()).contains("A JSON body is required.");
        }
        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType("application/json")
                .header("If-Match", "\"1\"").put("/v1/cards/{id}/usable-limit", card).then(), 400, "INVALID_BODY");

        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertProblem(given().auth().oauth2(Members.twoStep(member)).contentType("text/plain").body("LOST")
                .post("/v1/cards/{id}/loss-reports", card).then(), 415, "HTTP_415");

        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aBodyOverTheLimitIs413ProblemAndChangesNothing() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String oversized = "{\"kind\":\"LOST\",\"padding\":\"" + "x".repeat(17 * 1024) + "\"}";

        assertProblem(post(member, card, "loss-reports", oversized), 413, "BODY_TOO_LARGE")
                .header("Connection", "close")
                .body("detail", containsString("16384 bytes"));

        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    /** Without Content-Length the size is only known while the body is read (see rest/BodySizeLimit). */
    @Test
    void aChunkedBodyOverTheLimitIs413ProblemAndChangesNothing() throws IOException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        // Valid JSON all along (whitespace), so a reader has to go through all of it.
        String chunk = "{\"kind\":\"LOST\"" + " ".repeat(17 * 1024) + "}";

        String response;
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/cards/" + card + "/loss-reports HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Members.twoStep(member) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"BODY_TOO_LARGE\"").contains("16384 bytes");
        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws IOException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String chunk = "{\"kind\":\"LOST\"" + " ".repeat(12 * 1024) + "}";

        String response;
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/cards/" + card + "/loss-reports HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + Members.twoStep(member) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        assertThat(response).startsWith("HTTP/1.1 201");
        assertEquals("CLOSED", Database.cardState(card));
    }

    private static io.restassured.response.ValidatableResponse post(String member, String card, String route, String body) {
        return given().auth().oauth2(Members.twoStep(member)).contentType("application/json").body(body)
                .when().post("/v1/cards/{id}/" + route, card).then();
    }
}
