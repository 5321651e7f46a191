package dev.anshin.notification;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The SMS provider's HTTP API as WireMock, on a free port of 127.0.0.1, shared by every test class (one Quarkus start);
 * each test stubs the answers for its own members' phone numbers.
 */
public class SmsProviderResource implements QuarkusTestResourceLifecycleManager {

    static final String PATH = "/v1/messages";
    static final String SIGNING_KEY = "test-signing-key-not-a-secret";

    private static WireMockServer server;

    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of(
                "anshin.sms.url", "http://127.0.0.1:" + server.port() + PATH,
                "anshin.sms.signing-key", SIGNING_KEY,
                "anshin.sms.send-timeout", "PT1S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
