package dev.anshin.cardcontrol.threeds.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.threeds.config.AuthenticationValueConfig;

/**
 * The authentication value (like a CAVV): a keyed MAC (HMAC-SHA-256, cut to 20 bytes) over the authentication's
 * transaction id, the card (its lookup hash), the amount and the merchant, written {@code <key id>.<base64url MAC>} so
 * keys can rotate. It is never stored: Authorize derives it again from the purchase it is shown with, so a value
 * verifies only for the purchase it was given for. Nothing here logs, and no message carries a value.
 */
@ApplicationScoped
public class AuthenticationValues {

    private static final int MAC_BYTES = 20;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final HexFormat HEX = HexFormat.of();

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    /** What a value is bound to: one purchase on one card, as Authenticate saw it and Authorize sees it. */
    public record Purchase(String acsTransactionId, byte[] cardLookupHash, long amount, String merchantName,
            String merchantCategoryCode, String merchantCountry) {

        String canonical() {
            return String.join("|", acsTransactionId, HEX.formatHex(cardLookupHash), Long.toString(amount),
                    merchantName, merchantCategoryCode, merchantCountry);
        }
    }

    public AuthenticationValues(AuthenticationValueConfig config) {
        String prefix = "anshin.three-ds.authentication-value.keys.";
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
            throw new IllegalStateException("anshin.three-ds.authentication-value.active-key-id names no key of"
                    + " anshin.three-ds.authentication-value.keys");
        }
        this.activeKeyId = config.activeKeyId();
    }

    /** The id of the key new values are derived under. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** The value of a purchase under a key (the one the authentication recorded). */
    public String derive(String keyId, Purchase purchase) {
        return keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(keyId), purchase));
    }

    /** True when {@code value} is the one given for exactly this purchase (under whichever configured key it names). */
    public boolean verifies(String value, Purchase purchase) {
        int dot = value.indexOf('.');
        if (dot < 1) {
            return false;
        }
        SecretKeySpec key = keys.get(value.substring(0, dot));
        if (key == null) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presented, mac(key, purchase));
    }

    private static byte[] mac(SecretKeySpec key, Purchase purchase) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(purchase.canonical().getBytes(StandardCharsets.UTF_8));
            byte[] cut = new byte[MAC_BYTES];
            System.arraycopy(full, 0, cut, 0, MAC_BYTES);
            return cut;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
