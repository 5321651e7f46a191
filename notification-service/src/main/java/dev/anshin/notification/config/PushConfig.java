package dev.anshin.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Push through Firebase Cloud Messaging HTTP v1: {@code POST {base-url}/v1/projects/{project-id}/messages:send}, with
 * an OAuth 2.0 access token obtained from {@code token-uri} by the service account's JWT bearer grant (RFC 7523).
 * Off unless enabled: then no push is queued at all (devices may still be registered).
 */
@ConfigMapping(prefix = "anshin.push")
public interface PushConfig {

    /** Whether notices are sent by push to registered devices. */
    @WithDefault("false")
    boolean enabled();

    /** FCM's API root. */
    @WithDefault("https://fcm.googleapis.com")
    String baseUrl();

    /** The Firebase project the app belongs to. */
    Optional<String> projectId();

    /** Where the service account's signed assertion is exchanged for an access token. */
    @WithDefault("https://oauth2.googleapis.com/token")
    String tokenUri();

    /**
     * The service account's key as Google issues it (JSON with {@code client_email}, {@code private_key} in PKCS#8 PEM,
     * {@code private_key_id}). Set {@code ANSHIN_PUSH_SERVICE_ACCOUNT_KEY} from a secret store.
     */
    Optional<String> serviceAccountKey();

    /** The longest a connection may take to open. */
    @WithDefault("PT3S")
    Duration connectTimeout();

    /** The longest one request (token or send) may take, answer included. */
    @WithDefault("PT10S")
    Duration sendTimeout();
}
