package dev.anshin.notification.service;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider could not take a message now (busy, 5xx, 429) and said when to try again ({@code Retry-After}): the
 * outbox waits at least that long, however short its own back-off would be. The message never holds the recipient.
 */
public class RetryableDeliveryFailure extends RuntimeException {

    private final Duration retryAfter;

    public RetryableDeliveryFailure(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
