package dev.anshin.notification.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.anshin.kit.error.InvalidRequestException;

/** Contact details: what a valid one looks like, and how one is written where people read (logs, errors). */
public final class Contacts {

    /** One @, no spaces, a dot in the domain; at most 254 characters (what SMTP carries). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    /** E.164: '+', a country code not starting with 0, at most 15 digits in all. */
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern ANY_EMAIL = Pattern.compile("([^@\\s<>\"]{1,64})@([^@\\s<>\"]+)");

    private Contacts() {
    }

    /** The address, or null for an empty one; INVALID_ARGUMENT for a malformed one (never echoed back). */
    public static String email(String email) {
        if (email == null || email.isEmpty()) {
            return null;
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new InvalidRequestException("email is not a valid e-mail address");
        }
        return email;
    }

    /** The number, or null for an empty one; INVALID_ARGUMENT unless E.164 (never echoed back). */
    public static String phoneNumber(String phone) {
        if (phone == null || phone.isEmpty()) {
            return null;
        }
        if (!PHONE.matcher(phone).matches()) {
            throw new InvalidRequestException("phone_number must be an E.164 number, e.g. +819012345678");
        }
        return phone;
    }

    /** Every e-mail address in a text masked ({@code h***@example.jp}): SMTP errors often quote the recipient. */
    public static String maskEmails(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ANY_EMAIL.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(masked, Matcher.quoteReplacement(m.group(1).charAt(0) + "***@" + m.group(2)));
        }
        m.appendTail(masked);
        return masked.toString();
    }
}
