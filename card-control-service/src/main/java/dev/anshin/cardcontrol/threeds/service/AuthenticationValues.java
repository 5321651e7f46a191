package dev.anshin.cardcontrol.threeds.service;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

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
    private static final HexFormat HEX = HexFormat.of();

    private final HmacKeyRing keys;

    /** What a value is bound to: one purchase on one card, as Authenticate saw it and Authorize sees it. */
    public record Purchase(String acsTransactionId, byte[] cardLookupHash, long amount, String merchantName,
            String merchantCategoryCode, String merchantCountry) {

        String canonical() {
            return String.join("|", acsTransactionId, HEX.formatHex(cardLookupHash), Long.toString(amount),
                    merchantName, merchantCategoryCode, merchantCountry);
        }
    }

    public AuthenticationValues(AuthenticationValueConfig config) {
        this.keys = new HmacKeyRing("anshin.three-ds.authentication-value", config.keys(), config.activeKeyId());
    }

    /** The id of the key new values are derived under. */
    public String activeKeyId() {
        return keys.activeKeyId();
    }

    /** The value of a purchase under a key (the one the authentication recorded). */
    public String derive(String keyId, Purchase purchase) {
        return keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keyId, purchase));
    }

    /** True when {@code value} is the one given for exactly this purchase (under whichever configured key it names). */
    public boolean verifies(String value, Purchase purchase) {
        int dot = value.indexOf('.');
        if (dot < 1) {
            return false;
        }
        String keyId = value.substring(0, dot);
        if (!keys.knows(keyId)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presented, mac(keyId, purchase));
    }

    private byte[] mac(String keyId, Purchase purchase) {
        return Arrays.copyOf(keys.mac(keyId, purchase.canonical()), MAC_BYTES);
    }
}
