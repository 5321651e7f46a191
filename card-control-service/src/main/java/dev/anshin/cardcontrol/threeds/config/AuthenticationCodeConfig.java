package dev.anshin.cardcontrol.threeds.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/**
 * Keys the one-time codes of SMS challenges are derived under. No production defaults: the service refuses to start
 * without them.
 */
@ConfigMapping(prefix = "anshin.three-ds.authentication-code")
public interface AuthenticationCodeConfig {

    /** Id of the key new challenges' codes are derived under; must be a key of {@link #keys()}. */
    String activeKeyId();

    /**
     * HMAC-SHA-256 keys by key id (letters, digits, hyphens), base64 (at least 32 bytes). A retired key stays listed
     * until the challenges under it have ended (5 minutes).
     */
    Map<String, String> keys();
}
