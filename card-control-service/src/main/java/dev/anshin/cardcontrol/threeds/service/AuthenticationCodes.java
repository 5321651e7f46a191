package dev.anshin.cardcontrol.threeds.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern CODE = Pattern.compile("\\d{" + DIGITS + "}");

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    public AuthenticationCodes(AuthenticationCodeConfig config) {
        String prefix = "anshin.three-ds.authentication-code.keys.";
        config.keys().forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(prefix + id + ": a key id is 1 to 32 letters, digits or hyphens");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(key.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(prefix + id + " is not base64");
            }
            if (bytes.length < 32) {
                throw new IllegalStateException(prefix + id + " must decode to at least 32 bytes");
            }
            keys.put(id, new SecretKeySpec(bytes, "HmacSHA256"));
        });
        if (!keys.containsKey(config.activeKeyId())) {
            throw new IllegalStateException("anshin.three-ds.authentication-code.active-key-id names no key of"
                    + " anshin.three-ds.authentication-code.keys");
        }
        this.activeKeyId = config.activeKeyId();
    }

    /** The id of the key new challenges' codes are derived under. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** True when the key id names a configured key (a retired key no longer listed cannot derive a code). */
    public boolean knows(String keyId) {
        return keyId != null && keys.containsKey(keyId);
    }

    /** The challenge's code under the key it recorded. Sensitive: for the SMS only. */
    public String derive(String keyId, String acsTransactionId) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no authentication-code key " + keyId + " is configured");
        }
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            mac = hmac.doFinal(("authentication-code|" + acsTransactionId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
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
