package dev.anshin.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonObject;

/**
 * Firebase Cloud Messaging as WireMock, on a free port of 127.0.0.1, shared by every test class (one Quarkus start):
 * Google's OAuth token endpoint (answers the JWT bearer grant with {@link #ACCESS_TOKEN}) and FCM HTTP v1's send
 * endpoint (each test stubs the answers for its own devices' tokens). The service account is a key pair made here;
 * its public half lets a test check the assertion's signature.
 */
public class PushProviderResource implements QuarkusTestResourceLifecycleManager {

    static final String PROJECT_ID = "anshin-test";
    static final String SEND_PATH = "/v1/projects/" + PROJECT_ID + "/messages:send";
    static final String TOKEN_PATH = "/oauth2/token";
    static final String CLIENT_EMAIL = "fcm-sender@anshin-test.iam.gserviceaccount.com";
    static final String KEY_ID = "test-key-1";
    static final String ACCESS_TOKEN = "ya29.test-access-token-not-a-secret";

    private static WireMockServer server;
    private static RSAPublicKey publicKey;

    static WireMockServer server() {
        return server;
    }

    /** FCM answers the pushes to this device token so. */
    static void answer(String token, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(SEND_PATH)).withRequestBody(matchingJsonPath("$.message.token", equalTo(token)))
                .willReturn(response));
    }

    /** The pushes FCM received for this device token. */
    static List<LoggedRequest> pushedTo(String token) {
        return server.findAll(postRequestedFor(urlEqualTo(SEND_PATH))
                .withRequestBody(matchingJsonPath("$.message.token", equalTo(token))));
    }

    static RSAPublicKey publicKey() {
        return publicKey;
    }

    static String tokenUri() {
        return "http://127.0.0.1:" + server.port() + TOKEN_PATH;
    }

    @Override
    public Map<String, String> start() {
        KeyPair pair;
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        publicKey = (RSAPublicKey) pair.getPublic();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(new JsonObject().put("access_token", ACCESS_TOKEN).put("expires_in", 3599)
                        .put("token_type", "Bearer").encode())));
        String key = new JsonObject()
                .put("type", "service_account")
                .put("project_id", PROJECT_ID)
                .put("private_key_id", KEY_ID)
                .put("private_key", pem)
                .put("client_email", CLIENT_EMAIL)
                .put("token_uri", tokenUri())
                .encode();
        return Map.of(
                "anshin.push.enabled", "true",
                "anshin.push.base-url", "http://127.0.0.1:" + server.port(),
                "anshin.push.project-id", PROJECT_ID,
                "anshin.push.token-uri", tokenUri(),
                "anshin.push.service-account-key", key,
                "anshin.push.send-timeout", "PT1S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
