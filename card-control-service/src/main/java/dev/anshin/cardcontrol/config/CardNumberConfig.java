package dev.anshin.cardcontrol.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Keys and ranges for card numbers. Production has no defaults for any key: the service refuses to start without them.
 */
@ConfigMapping(prefix = "anshin.card-numbers")
public interface CardNumberConfig {

    /** Id of the AES-256 key new card numbers are encrypted under; must be a key of {@link #encryptionKeys()}. */
    String activeKeyId();

    /**
     * AES-256 keys by key id, base64 (32 bytes). Retired keys stay listed so numbers sealed under them still open;
     * rotating means adding a key and pointing {@link #activeKeyId()} at it.
     */
    Map<String, String> encryptionKeys();

    /** HMAC-SHA-256 key of the lookup hash that finds a card by number, base64 (at least 32 bytes). */
    String lookupKey();

    /** HMAC-SHA-256 key the security code is derived from, base64 (at least 32 bytes). The code is never stored. */
    String securityCodeKey();

    /** Issuer identification number (BIN, 6 to 8 digits) per brand, keyed by the brand name in lower case. */
    Map<String, String> bins();

    /** Years a newly issued card is valid, counted from the month of issue (JST). */
    @WithDefault("5")
    int validityYears();
}
