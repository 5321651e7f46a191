package dev.anshin.cardcontrol.client;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;

/**
 * card-control's own access token (client credentials, role {@code card-control}) for calls to other services,
 * fetched once and renewed shortly before it expires.
 */
@ApplicationScoped
public class ServiceTokens {

    private final OidcClient oidc;
    private volatile Tokens tokens;

    public ServiceTokens(OidcClient oidc) {
        this.oidc = oidc;
    }

    public String accessToken() {
        Tokens current = tokens;
        if (current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval()) {
            synchronized (this) {
                current = tokens;
                if (current == null || current.isAccessTokenExpired() || current.isAccessTokenWithinRefreshInterval()) {
                    current = oidc.getTokens().await().indefinitely();
                    tokens = current;
                }
            }
        }
        return current.getAccessToken();
    }
}
