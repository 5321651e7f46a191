package dev.anshin.cardcontrol.threeds.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * Keys of the 3-D Secure authentication value. No production defaults: the service refuses to start without them.
 */
@ConfigMapping(prefix = "anshin.three-ds.authentication-value")
public interface AuthenticationValueConfig {

    /** Id of the key new values are derived under; must be a key of {@link #keys()}. */
    String activeKeyId();

    /**
     * HMAC-SHA-256 keys by key id (letters, digits, hyphens), base64 (at least 32 bytes). Retired keys stay listed so
     * values given under them still verify.
     */
    Map<String, String> keys();
}
