package dev.anshin.cardcontrol.service;

import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.kit.error.InvalidRequestException;

/** Free-text notes recorded in a card's history: bounded, and never a card number. */
public final class Comments {

    public static final int MAX_LENGTH = 500;

    private Comments() {
    }

    /** The comment to store (null when blank); refuses one that is too long or holds something like a card number. */
    public static String check(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > MAX_LENGTH) {
            throw new InvalidRequestException("comment is longer than " + MAX_LENGTH + " characters");
        }
        if (CardNumberText.containsCardNumber(comment)) {
            throw new InvalidRequestException("comment must not contain a card number");
        }
        return comment.strip();
    }
}
