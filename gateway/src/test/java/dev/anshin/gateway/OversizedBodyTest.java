package dev.anshin.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;

/**
 * Bodies whose length is not declared up front (chunked) are held to the same 16 KiB limit as declared ones: a 413
 * problem, nothing changed, nothing in the log at ERROR (see rest/BodySizeLimit). HTTP/2, where a body needs no
 * Content-Length either, is not spoken at all.
 * MalformedInputTest covers the declared length and the plain chunked cases.
 */
@QuarkusTest
@QuarkusTestResource(value = CardControlSuite.class, restrictToAnnotatedClass = false)
class OversizedBodyTest {

    private static final Path LOG = Path.of("target", "gateway-test.log");

    static Vertx vertx;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    record Answer(int status, String contentType, String body) {
    }

    /** An HTTP/2 request with prior knowledge (h2c), its body streamed without Content-Length. */
    Answer http2(String member, String path, String body) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(gateway.getHost())
                            .setPort(gateway.getPort()).setURI(path)
                            .putHeader("Authorization", "Bearer " + Members.twoStep(member))
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> {
                        request.setChunked(true);
                        if (body != null) {
                            // In pieces, as a streaming client sends it.
                            for (int i = 0; i < body.length(); i += 4096) {
                                request.write(body.substring(i, Math.min(body.length(), i + 4096)));
                            }
                        }
                        return request.send();
                    })
                    .compose((HttpClientResponse response) -> response.body()
                            .map((Buffer b) -> new Answer(response.statusCode(), response.getHeader("Content-Type"), b.toString())))
                    .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    @Test
    void theGatewaySpeaksHttp11OnlySoNoBodyOfUndeclaredLengthEscapesTheLimit() {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();

        assertThatThrownBy(() -> http2(member, "/v1/cards/" + card + "/loss-reports", "{\"kind\":\"LOST\"}"))
                .isInstanceOf(ExecutionException.class);

        assertThat(Database.history(card)).containsExactly("ISSUED");
    }

    @Test
    void aClientExpecting100ContinueIsToldToSendItsChunkedBody() throws IOException {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String chunk = "{\"kind\":\"LOST\"}";

        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /v1/cards/" + card + "/loss-reports HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + Members.twoStep(member) + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // The client sends nothing more until it is told to (the read times out after 5 s otherwise).
            assertThat(readUntilBlankLine(in)).startsWith("HTTP/1.1 100");

            out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 201");
        }
        assertEquals("CLOSED", Database.cardState(card));
    }

    @Test
    void aClientStillSendingAfterTheRefusalOrGoingAwayMidBodyLeavesNoErrorInTheLog() throws Exception {
        String member = Members.newMemberId();
        String card = Members.issueCard(member, CardBrand.CARD_BRAND_VISA, false).getId().getValue();
        String head = "POST /v1/cards/" + card + "/loss-reports HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + Members.twoStep(member) + "\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        long logBefore = logSize();

        // Over the limit, and the body never finishes: the answer comes anyway and the connection closes.
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String piece = " ".repeat(20 * 1024);
            String start = "{\"kind\":\"LOST\"";
            out.write((head + Integer.toHexString(start.length()) + "\r\n" + start + "\r\n"
                    + Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 413").contains("BODY_TOO_LARGE");
        }
        // Within the limit, but the client goes away before the end of the body.
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "5\r\n{\"kin").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        Thread.sleep(500);

        assertThat(Database.history(card)).containsExactly("ISSUED");
        assertNoErrorLoggedSince(logBefore);
    }

    private static String readUntilBlankLine(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    private static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    private static void assertNoErrorLoggedSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(LOG);
        String since = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
        // The test log is JSON, one record a line (application.properties).
        assertThat(since.lines().filter(line -> line.contains("\"level\":\"ERROR\"")).toList()).isEmpty();
    }
}
