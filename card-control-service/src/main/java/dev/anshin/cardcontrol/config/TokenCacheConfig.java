package dev.anshin.cardcontrol.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How long a bearer token, once verified, is trusted again without verifying its signature and claims anew (see
 * the kit's {@code VerifiedTokenCache}, {@code grpc/VerifiedTokens}). Never past the token's own expiry.
 */
@ConfigMapping(prefix = "anshin.auth.verified-token-cache")
public interface TokenCacheConfig {

    /**
     * The longest a verified token is reused. Also the longest a token signed by a key that the provider has since
     * withdrawn from its JWKS is still accepted. {@code PT0S} verifies every call.
     */
    @WithDefault("PT60S")
    Duration maxAge();

    /** At most this many verified tokens are kept (one per caller and token); beyond it, expired ones go, and if that is not enough, all. */
    @WithDefault("10000")
    int maxEntries();
}
