package dev.anshin.gateway.rest;

import java.util.regex.Pattern;

import dev.anshin.gateway.problem.InvalidInputException;

/** Card ids as they arrive in paths: opaque, but never anything other than a UUID's characters. */
final class CardIds {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-fA-F-]{1,64}");

    private CardIds() {
    }

    static String require(String cardId) {
        if (cardId == null || !SHAPE.matcher(cardId).matches()) {
            throw new InvalidInputException("invalid-card-id", "The card id is malformed.");
        }
        return cardId;
    }
}
