package dev.anshin.kit.auth;

import java.time.Duration;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.TimeoutException;

/**
 * A service's own access token (client credentials) for calls to other services: fetched once, renewed shortly
 * before it expires, and never waited for longer than {@code maxWait}: a hung identity provider fails the call that
 * needed a token ({@link TokenUnavailable}) instead of blocking it, and every caller queued behind it, forever.
 * <p>
 * Not a bean (services without quarkus-oidc-client index this kit too): a service that calls others produces one,
 * {@code new ServiceTokens(oidcClient, config.tokenWait())}.
 */
public class ServiceTokens {

    /** The identity provider gave no token within the wait; the call may be retried later. */
    public static class TokenUnavailable extends RuntimeException {
        public TokenUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OidcClient oidc;
    private final Duration maxWait;
    private volatile Tokens tokens;

    public ServiceTokens(OidcClient oidc, Duration maxWait) {
        this.oidc = oidc;
        this.maxWait = maxWait;
    }

    public String accessToken() {
        Tokens current = tokens;
        if (needsRenewal(current)) {
            synchronized (this) {
                current = tokens;
                if (needsRenewal(current)) {
                    current = fetch();
                    tokens = current;
                }
            }
        }
        return current.getAccessToken();
    }

    private Tokens fetch() {
        try {
            return oidc.getTokens().await().atMost(maxWait);
        } catch (TimeoutException e) {
            throw new TokenUnavailable("the identity provider gave no token within " + maxWait, e);
        }
    }

    private static boolean needsRenewal(Tokens current) {
        return current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval();
    }
}
