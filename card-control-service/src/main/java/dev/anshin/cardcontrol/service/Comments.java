package dev.anshin.cardcontrol.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.anshin.kit.error.InvalidRequestException;

/** Free-text notes recorded in a card's history: bounded, and never a card number. */
public final class Comments {

    public static final int MAX_LENGTH = 500;

    /** 13 to 19 digits, optionally grouped by single spaces or hyphens, as people type card numbers. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");

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
        if (containsCardNumber(comment)) {
            throw new InvalidRequestException("comment must not contain a card number");
        }
        return comment.strip();
    }

    /** True when the text holds a Luhn-valid run of 13 to 19 digits. */
    public static boolean containsCardNumber(String text) {
        Matcher m = DIGIT_RUN.matcher(text);
        while (m.find()) {
            if (Luhn.isValid(m.group().replaceAll("[ -]", ""))) {
                return true;
            }
        }
        return false;
    }
}
