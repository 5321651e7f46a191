package dev.anshin.statement.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.anshin.kit.auth.ServiceTokens;
import io.quarkus.oidc.client.OidcClient;

/** statement-service's own token (client credentials, role {@code statement}) for the outbox relay's calls. */
public class ServiceTokensProducer {

    /** A hung identity provider fails the relay's call after {@code anshin.outbox.token-max-wait}; it is retried. */
    @Produces
    @ApplicationScoped
    ServiceTokens serviceTokens(OidcClient oidc, OutboxConfig config) {
        return new ServiceTokens(oidc, config.tokenMaxWait());
    }
}
