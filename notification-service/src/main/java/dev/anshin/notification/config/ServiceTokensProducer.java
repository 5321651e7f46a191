package dev.anshin.notification.config;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.anshin.kit.auth.ServiceTokens;
import io.quarkus.oidc.client.OidcClient;

/** notification-service's own token (client credentials, client {@code notification}) for its calls to consent-service. */
public class ServiceTokensProducer {

    /** @param maxWait how long a call waits for the token; past it the marketing notice waits for its next check */
    @Produces
    @ApplicationScoped
    ServiceTokens serviceTokens(OidcClient oidc,
            @ConfigProperty(name = "anshin.service-tokens.max-wait", defaultValue = "PT5S") Duration maxWait) {
        return new ServiceTokens(oidc, maxWait);
    }
}
