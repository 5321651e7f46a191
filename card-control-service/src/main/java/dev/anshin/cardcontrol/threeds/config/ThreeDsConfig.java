package dev.anshin.cardcontrol.threeds.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * 3-D Secure: the risk rules of Authenticate, challenges, the authentication value's keys, and the soft decline of
 * unauthenticated online purchases at Authorize. The authentication value's keys are {@link AuthenticationValueConfig}.
 */
@ConfigMapping(prefix = "anshin.three-ds")
public interface ThreeDsConfig {

    /** Frictionless only for an amount under this many yen; at or above it, a challenge. */
    @WithDefault("30000")
    long frictionlessMaxAmount();

    /** How long a challenge waits for the member before it expires. */
    @WithDefault("PT5M")
    Duration challengeTtl();

    /**
     * Authorize: an online purchase of at least this many yen without an authentication value is declined
     * {@code AUTHENTICATION_REQUIRED} (a soft decline: the merchant may retry with 3-D Secure).
     */
    @WithDefault("10000")
    long authenticationRequiredAmount();
}
