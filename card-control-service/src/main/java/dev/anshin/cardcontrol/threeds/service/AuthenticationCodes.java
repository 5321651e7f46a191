package dev.anshin.cardcontrol.threeds.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.threeds.config.AuthenticationCodeConfig;

/**
 * The one-time code of an SMS challenge: 6 digits cut (as HOTP does, RFC 4226) from HMAC-SHA-256 of the
 * authentication's id under a configured key. It is never stored, in clear or hashed: the challenge records only the
 * key id; the outbox relay derives the code when it sends the SMS, and {@link #verifies} derives it again when one is
 * submitted. Without the key, the stored rows give nothing to guess from beyond the id (a random UUID). Nothing here
 * logs, and no message carries a code.
 */
@ApplicationScoped
public class AuthenticationCodes {

    /** Digits of a code. */
    public static final int DIGITS = 6;
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");

    private final HmacKeyRing keys;

    public AuthenticationCodes(AuthenticationCodeConfig config) {
        this.keys = new HmacKeyRing("anshin.three-ds.authentication-code", config.keys(), config.activeKeyId());
    }

    /** The id of the key new challenges' codes are derived under. */
    public String activeKeyId() {
        return keys.activeKeyId();
    }

    /** True when the key id names a configured key (a retired key no longer listed cannot derive a code). */
    public boolean knows(String keyId) {
        return keys.knows(keyId);
    }

    /** The challenge's code under the key it recorded. Sensitive: for the SMS only. */
    public String derive(String keyId, String acsTransactionId) {
        byte[] mac = keys.mac(keyId, "authentication-code|" + acsTransactionId);
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = (mac[offset] & 0x7f) << 24 | (mac[offset + 1] & 0xff) << 16 | (mac[offset + 2] & 0xff) << 8
                | mac[offset + 3] & 0xff;
        String code = Integer.toString(binary % 1_000_000);
        return "0".repeat(DIGITS - code.length()) + code;
    }

    /** True when {@code code} is 6 digits, whatever their value. */
    public static boolean wellFormed(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** True when {@code code} is the challenge's (compared in constant time). */
    public boolean verifies(String keyId, String acsTransactionId, String code) {
        return wellFormed(code) && knows(keyId) && MessageDigest.isEqual(code.getBytes(StandardCharsets.US_ASCII),
                derive(keyId, acsTransactionId).getBytes(StandardCharsets.US_ASCII));
    }
}
