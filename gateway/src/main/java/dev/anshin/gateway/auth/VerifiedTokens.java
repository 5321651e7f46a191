package dev.anshin.gateway.auth;

import java.time.Clock;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.anshin.kit.auth.VerifiedTokenCache;
import io.quarkus.oidc.runtime.OidcIdentityProvider;

/**
 * The kit's {@link VerifiedTokenCache} in front of quarkus-oidc, with the gateway's settings: a mobile app sends the
 * same token with every request. Routes with {@code @AuthenticationContext} always verify in full (see the kit's class).
 */
@Singleton
public class VerifiedTokens extends VerifiedTokenCache {

    @Inject
    VerifiedTokens(OidcIdentityProvider oidc,
            @ConfigProperty(name = "anshin.gateway.verified-token-cache.max-age", defaultValue = "PT60S") Duration maxAge,
            @ConfigProperty(name = "anshin.gateway.verified-token-cache.max-entries", defaultValue = "100000") int maxEntries,
            Clock clock) {
        super(oidc, maxAge, maxEntries, clock);
    }
}
