package dev.anshin.kit.cards;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a card number in free text from outside (a comment, a merchant name), so that a service can
 * refuse it and never store, log or show it: a Luhn-valid run of 13 to 19 digits, optionally grouped by single spaces
 * or hyphens.
 */
public final class CardNumberText {

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");

    private CardNumberText() {
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
