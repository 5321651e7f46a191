package dev.anshin.statement.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what looks like a card number in free text from outside (a merchant name), so that none is ever stored or
 * shown here. The same test as card-control's ({@code Comments.containsCardNumber}): a Luhn-valid run of 13 to 19
 * digits, optionally grouped by single spaces or hyphens.
 */
final class CardNumberText {

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");

    private CardNumberText() {
    }

    static boolean containsCardNumber(String text) {
        Matcher m = DIGIT_RUN.matcher(text);
        while (m.find()) {
            if (luhnValid(m.group().replaceAll("[ -]", ""))) {
                return true;
            }
        }
        return false;
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
