package dev.anshin.notification.service;

import java.time.Instant;

/**
 * A 3-D Secure one-time code to send, as card-control asks (validated). Sensitive: {@link #toString()} never shows
 * the code, so logging one by accident leaks nothing.
 */
public record AuthenticationCode(String challengeId, String memberId, String cardId, String cardLast4, long amountYen,
        String merchantName, String code, Instant expiresAt) {

    @Override
    public String toString() {
        return "AuthenticationCode[" + challengeId + ", " + amountYen + " yen at " + merchantName + "]";
    }
}
