package dev.anshin.cardcontrol.grpc;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.anshin.cardcontrol.config.TokenCacheConfig;
import dev.anshin.kit.auth.VerifiedTokenCache;
import io.quarkus.oidc.runtime.OidcIdentityProvider;

/**
 * The kit's {@link VerifiedTokenCache} in front of quarkus-oidc, with card-control's settings ({@link TokenCacheConfig}):
 * the card network sends one client-credentials token with thousands of authorizations a second.
 */
@Singleton
public class VerifiedTokens extends VerifiedTokenCache {

    @Inject
    VerifiedTokens(OidcIdentityProvider oidc, TokenCacheConfig config, Clock clock) {
        super(oidc, config.maxAge(), config.maxEntries(), clock);
    }
}
