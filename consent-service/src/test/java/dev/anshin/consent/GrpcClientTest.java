package dev.anshin.consent;

import java.net.URI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.test.common.http.TestHTTPResource;

/** A test class calling the service through a real gRPC client, opened before each test and closed after it. */
abstract class GrpcClientTest {

    @TestHTTPResource("/")
    URI baseUri;

    GrpcTestClient client;

    @BeforeEach
    void connect() {
        client = new GrpcTestClient(baseUri);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }
}
