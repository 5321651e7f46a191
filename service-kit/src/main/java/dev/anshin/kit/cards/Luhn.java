package dev.anshin.kit.cards;

/** The Luhn (mod 10) check digit of card numbers. */
public final class Luhn {

    private Luhn() {
    }

    /** The digit that makes {@code payload + digit} Luhn-valid. */
    public static int checkDigit(CharSequence payload) {
        int sum = 0;
        boolean doubleIt = true; // the rightmost payload digit is doubled once the check digit is appended
        for (int i = payload.length() - 1; i >= 0; i--) {
            int d = payload.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    /** True when every character is a digit and the last one is the Luhn check digit of the others. */
    public static boolean isValid(CharSequence number) {
        if (number.length() < 2) {
            return false;
        }
        for (int i = 0; i < number.length(); i++) {
            if (!Character.isDigit(number.charAt(i)) || number.charAt(i) > '9') {
                return false;
            }
        }
        int last = number.charAt(number.length() - 1) - '0';
        return checkDigit(number.subSequence(0, number.length() - 1)) == last;
    }
}
