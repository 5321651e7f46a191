package dev.anshin.notification.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The SMS provider of {@code ./anshin up}: a stand-in for the provider's HTTP API that notification-service's
 * {@code SmsSender} posts to, keeping what it receives in memory for {@code ./anshin mail} to show. Nothing leaves the
 * machine. It checks what a real provider checks: {@code X-Anshin-Signature: sha256=<hex HMAC-SHA256 of the body>}
 * under the shared key (else 401, which the sender takes as a refusal: a dead letter), a JSON body with
 * {@code messageId}, {@code to} and {@code text} (else 400); a message id it already has is answered 200 and kept once
 * (the sender repeats a message whose answer it lost). JDK only, one file, run by the source launcher:
 * <pre>java LocalSmsProvider.java --port 8026 --signing-key KEY</pre>
 * {@code POST /messages} takes a message; {@code GET /messages[?to=+81...]} lists them as JSON, oldest first.
 */
public final class LocalSmsProvider implements AutoCloseable {

    /** One message as received. */
    public record Message(String messageId, String to, String text, Instant receivedAt) {
    }

    private final HttpServer server;
    private final byte[] key;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private int refused;

    private LocalSmsProvider(HttpServer server, String signingKey) {
        this.server = server;
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts it on 127.0.0.1:{@code port} (0: a free port). */
    public static LocalSmsProvider start(int port, String signingKey) throws IOException {
        if (signingKey == null || signingKey.isEmpty()) {
            throw new IllegalArgumentException("a signing key is required");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        LocalSmsProvider provider = new LocalSmsProvider(server, signingKey);
        server.createContext("/messages", provider::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "local-sms-provider");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return provider;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What it kept, oldest first. */
    public synchronized List<Message> messages() {
        return List.copyOf(messages.values());
    }

    /** Requests refused (bad signature, bad body). */
    public synchronized int refused() {
        return refused;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "POST" -> receive(exchange);
                case "GET" -> list(exchange);
                default -> respond(exchange, 405, "{\"error\":\"method not allowed\"}");
            }
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String signature = exchange.getRequestHeaders().getFirst("X-Anshin-Signature");
        if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                ("sha256=" + hmac(body)).getBytes(StandardCharsets.US_ASCII))) {
            refuse(exchange, 401, "bad or missing X-Anshin-Signature");
            return;
        }
        Map<String, String> fields;
        try {
            fields = parseFlatJson(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            refuse(exchange, 400, "body is not a JSON object of strings");
            return;
        }
        String messageId = fields.get("messageId");
        String to = fields.get("to");
        String text = fields.get("text");
        if (messageId == null || messageId.isBlank() || to == null || !to.matches("\\+[1-9][0-9]{6,14}") || text == null) {
            refuse(exchange, 400, "messageId, to (E.164) and text are required");
            return;
        }
        synchronized (this) {
            messages.putIfAbsent(messageId, new Message(messageId, to, text, Instant.now()));
        }
        respond(exchange, 200, "{\"messageId\":" + quote(messageId) + "}");
    }

    private void list(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String to = null;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("to=")) {
                    to = URLDecoder.decode(pair.substring(3), StandardCharsets.UTF_8);
                }
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (Message m : messages()) {
            if (to != null && !to.equals(m.to())) {
                continue;
            }
            json.append(json.length() > 1 ? "," : "").append("{\"messageId\":").append(quote(m.messageId()))
                    .append(",\"to\":").append(quote(m.to())).append(",\"text\":").append(quote(m.text()))
                    .append(",\"receivedAt\":").append(quote(m.receivedAt().toString())).append('}');
        }
        respond(exchange, 200, json.append(']').toString());
    }

    private void refuse(HttpExchange exchange, int status, String error) throws IOException {
        synchronized (this) {
            refused++;
        }
        respond(exchange, status, "{\"error\":" + quote(error) + "}");
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(body)) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A JSON object whose values are all strings, as SmsSender writes it. */
    static Map<String, String> parseFlatJson(String json) {
        Map<String, String> fields = new HashMap<>();
        int[] at = {skip(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') {
            at[0]++;
            return fields;
        }
        while (true) {
            String name = string(json, at);
            expect(json, at, ':');
            fields.put(name, string(json, at));
            char next = peek(json, at);
            at[0]++;
            if (next == '}') {
                if (skip(json, at[0]) != json.length()) {
                    throw new IllegalArgumentException("trailing text");
                }
                return fields;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected , or }");
            }
        }
    }

    private static String string(String json, int[] at) {
        expect(json, at, '"');
        StringBuilder out = new StringBuilder();
        int i = at[0];
        while (i < json.length()) {
            char c = json.charAt(i++);
            if (c == '"') {
                at[0] = i;
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= json.length()) {
                break;
            }
            char e = json.charAt(i++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 > json.length()) {
                        throw new IllegalArgumentException("bad escape");
                    }
                    out.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static void expect(String json, int[] at, char c) {
        if (peek(json, at) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        at[0]++;
    }

    private static char peek(String json, int[] at) {
        at[0] = skip(json, at[0]);
        if (at[0] >= json.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return json.charAt(at[0]);
    }

    private static int skip(String json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code java LocalSmsProvider.java --port P --signing-key K}: serves until stopped. */
    public static void main(String[] args) throws IOException {
        int port = 8026;
        String key = System.getenv("ANSHIN_SMS_SIGNING_KEY");
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            switch (rest.get(i)) {
                case "--port" -> port = Integer.parseInt(rest.get(i + 1));
                case "--signing-key" -> key = rest.get(i + 1);
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i));
            }
        }
        LocalSmsProvider provider = start(port, key);
        System.out.println("local SMS provider on 127.0.0.1:" + provider.port() + " (POST/GET /messages)");
    }
}
