package dev.anshin.notification;

import java.net.URI;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.anshin.notification.service.DeliveryRelay;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What a test of the running service starts from: its callers' gRPC clients ({@link NotificationTestSupport}), opened
 * before each test and closed after, and the delivery relay, which tests drive themselves (its timer is off in tests).
 */
abstract class NotificationServiceTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    DeliveryRelay relay;

    NotificationTestSupport support;

    @BeforeEach
    void connect() {
        support = new NotificationTestSupport(baseUri);
    }

    @AfterEach
    void disconnect() {
        support.close();
    }
}
