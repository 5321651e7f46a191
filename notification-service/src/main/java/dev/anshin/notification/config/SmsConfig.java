package dev.anshin.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SMS provider's HTTP API: where messages are posted, the key that signs them, and how long a send may take.
 * Without a URL no SMS can go out: each attempt fails (and is retried, then a dead letter an operator can resend).
 */
@ConfigMapping(prefix = "anshin.sms")
public interface SmsConfig {

    /** The provider's send endpoint, e.g. {@code https://sms.example/v1/messages}. */
    Optional<String> url();

    /**
     * The shared secret the provider checks each request with: header {@code X-Anshin-Signature: sha256=<hex>}, the
     * HMAC-SHA256 of the request body under this key (UTF-8). Set {@code ANSHIN_SMS_SIGNING_KEY} from a secret store.
     */
    Optional<String> signingKey();

    /** The longest a connection may take to open. */
    @WithDefault("PT3S")
    Duration connectTimeout();

    /** The longest one send may take, answer included; then it counts as failed and is retried later. */
    @WithDefault("PT10S")
    Duration sendTimeout();
}
