package dev.anshin.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The smallest OpenID Connect provider card-control accepts, on a free port of 127.0.0.1: a discovery document, the
 * JWKS of an RSA key generated for this run, and a client-credentials token endpoint for card-control's own calls to
 * the receivers. Tokens are RS256 JWTs with {@code iss}, {@code sub}, {@code iat}, {@code exp}, {@code jti} and the
 * roles in {@code groups} (the claim quarkus-oidc reads roles from when no other is configured).
 */
final class BenchIssuer implements AutoCloseable {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String REALM_PATH = "/realms/bench";
    private static final String KEY_ID = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final KeyPair key;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final AtomicLong clientTokensIssued = new AtomicLong();
    private final AtomicLong clientTokensRefused = new AtomicLong();

    private BenchIssuer(HttpServer server, ExecutorService executor, KeyPair key, String clientId, String clientSecret,
            Duration tokenLifetime) {
        this.server = server;
        this.executor = executor;
        this.key = key;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
    }

    /** Starts the issuer; {@code clientId}/{@code clientSecret} is the one client allowed to get tokens. */
    static BenchIssuer start(String clientId, String clientSecret, Duration tokenLifetime) throws IOException {
        KeyPair key;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-issuer");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        BenchIssuer issuer = new BenchIssuer(server, executor, key, clientId, clientSecret, tokenLifetime);
        server.createContext(REALM_PATH + "/.well-known/openid-configuration", issuer::discovery);
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs", issuer::jwks);
        server.createContext(REALM_PATH + "/protocol/openid-connect/token", issuer::token);
        server.start();
        return issuer;
    }

    String issuer() {
        return issuer;
    }

    long clientTokensIssued() {
        return clientTokensIssued.get();
    }

    long clientTokensRefused() {
        return clientTokensRefused.get();
    }

    /**
     * A signed access token for {@code subject} holding {@code roles}, minted for card-control (its audience); a
     * member's is a two-step sign-in made now, as the reveals of the cards need.
     */
    String token(String subject, String... roles) {
        return token(List.of("card-control-service"), subject, roles);
    }

    /**
     * The same for the given audiences: a member's token the gateway forwards carries {@code gateway} and
     * {@code card-control-service}, as the mobile client's tokens do.
     */
    String token(List<String> audiences, String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        StringBuilder groups = new StringBuilder("[");
        for (int i = 0; i < roles.length; i++) {
            groups.append(i == 0 ? "" : ",").append(Json.quote(roles[i]));
        }
        groups.append(']');
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + Json.quote(KEY_ID) + "}";
        String claims = "{\"iss\":" + Json.quote(issuer)
                + ",\"sub\":" + Json.quote(subject)
                + ",\"iat\":" + now
                + ",\"exp\":" + (now + tokenLifetime.toSeconds())
                + ",\"jti\":" + Json.quote(UUID.randomUUID().toString())
                + ",\"aud\":[" + String.join(",", audiences.stream().map(Json::quote).toList()) + "]"
                + (Arrays.asList(roles).contains("member") ? ",\"acr\":\"two-step\",\"auth_time\":" + now : "")
                + ",\"groups\":" + groups + "}";
        String signingInput = B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String endpoints = issuer + "/protocol/openid-connect";
        respond(exchange, 200, "{\"issuer\":" + Json.quote(issuer)
                + ",\"jwks_uri\":" + Json.quote(endpoints + "/certs")
                + ",\"token_endpoint\":" + Json.quote(endpoints + "/token")
                + ",\"grant_types_supported\":[\"client_credentials\"]"
                + ",\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"]"
                + ",\"response_types_supported\":[\"code\"]"
                + ",\"subject_types_supported\":[\"public\"]"
                + ",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        respond(exchange, 200, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":" + Json.quote(KEY_ID)
                + ",\"n\":" + Json.quote(B64URL.encodeToString(unsigned(publicKey.getModulus())))
                + ",\"e\":" + Json.quote(B64URL.encodeToString(unsigned(publicKey.getPublicExponent()))) + "}]}");
    }

    /** Client credentials only, authenticated by client_secret_basic or client_secret_post. */
    private void token(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = form(exchange.getRequestBody());
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            clientTokensRefused.incrementAndGet();
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            clientTokensRefused.incrementAndGet();
            respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        clientTokensIssued.incrementAndGet();
        respond(exchange, 200, "{\"access_token\":" + Json.quote(token(clientId, clientId))
                + ",\"token_type\":\"Bearer\",\"expires_in\":" + tokenLifetime.toSeconds() + "}");
    }

    private static Map<String, String> form(InputStream body) throws IOException {
        Map<String, String> form = new HashMap<>();
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** JWK numbers are unsigned big-endian; BigInteger adds a leading zero byte for a set top bit. */
    private static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
