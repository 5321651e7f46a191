package dev.anshin.notification.service;

import java.time.Instant;

/**
 * A 3-D Secure challenge waiting in the member's app, as card-control announces it (validated): the purchase it asks
 * about, in whole yen, and until when it takes an answer. Nothing in it answers the challenge.
 */
public record AuthenticationChallenge(String challengeId, String memberId, String cardId, String cardLast4, long amountYen,
        String merchantName, Instant expiresAt) {
}
