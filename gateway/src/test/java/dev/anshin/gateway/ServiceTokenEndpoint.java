package dev.anshin.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;

/**
 * The token endpoints the services' own client-credentials tokens come from in the suite: at {@code /token} the client
 * {@code notification} of the realm, with role {@code notification} and audience {@code card-control-service}; at
 * {@code /consent/token} the client {@code consent}, with roles {@code privacy-export} (the disclosure export) and
 * {@code account-status} (the account's end date); signed
 * with the test issuer's key (the one every service of the suite trusts), as Keycloak would mint it. The shared
 * test issuer's own client-credentials stub answers a fixed token no service here accepts.
 */
final class ServiceTokenEndpoint implements AutoCloseable {

    private final HttpServer server;

    ServiceTokenEndpoint() throws IOException {
        String notification = Jwt.issuer(CardControlSuite.ISSUER).subject("service-account-notification")
                .audience(Set.of("card-control-service", "consent-service"))
                .groups(Set.of("notification", "consent-check"))
                .claim("azp", "notification")
                .expiresIn(Duration.ofHours(12))
                .jws().keyId("1").sign(signingKey());
        // consent-service gathering disclosures (role privacy-export) and asking card-control for the account's end
        // date (role account-status), for the three services it asks.
        String consent = Jwt.issuer(CardControlSuite.ISSUER).subject("service-account-consent")
                .audience(Set.of("card-control-service", "notification-service", "statement-service"))
                .groups(Set.of("privacy-export", "account-status"))
                .claim("azp", "consent")
                .expiresIn(Duration.ofHours(12))
                .jws().keyId("1").sign(signingKey());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/token", notification);
        serve("/consent/token", consent);
        server.start();
    }

    private void serve(String path, String token) {
        byte[] body = ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":43200}")
                .getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    /** The base URL: the token is at {@code /token}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static PrivateKey signingKey() throws IOException {
        try (InputStream jwk = ServiceTokenEndpoint.class.getClassLoader().getResourceAsStream("privateKey.jwk")) {
            return ((RsaJsonWebKey) JsonWebKey.Factory.newJwk(new String(jwk.readAllBytes(), StandardCharsets.UTF_8)))
                    .getRsaPrivateKey();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IOException("privateKey.jwk of quarkus-test-oidc-server could not be read", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
