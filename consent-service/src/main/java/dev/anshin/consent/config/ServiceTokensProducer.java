package dev.anshin.consent.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.anshin.kit.auth.ServiceTokens;
import io.quarkus.oidc.client.OidcClient;

/**
 * consent-service's own token (client credentials, client {@code consent}, role {@code privacy-export}) for gathering
 * a disclosure from the other services.
 */
public class ServiceTokensProducer {

    @Produces
    @ApplicationScoped
    ServiceTokens serviceTokens(OidcClient oidc, DisclosureConfig config) {
        return new ServiceTokens(oidc, config.tokenMaxWait());
    }
}
