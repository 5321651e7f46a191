package dev.anshin.notification.config;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.anshin.kit.auth.ServiceTokens;
import io.quarkus.oidc.client.OidcClient;

/**
 * notification-service's own token (client credentials of the client {@code notification}) for its calls to
 * consent-service (CheckPurpose) and card-control (the follow-ups of members' answers).
 */
public class ServiceTokensProducer {

    /**
     * @param maxWait how long a call waits for the token from the identity provider; past it the call fails like an
     *        unanswered one and waits for its retry (a marketing notice its next check, a follow-up its next attempt),
     *        so a hung provider never stalls a relay
     */
    @Produces
    @ApplicationScoped
    ServiceTokens serviceTokens(OidcClient oidc,
            @ConfigProperty(name = "anshin.service-tokens.max-wait", defaultValue = "PT5S") Duration maxWait) {
        return new ServiceTokens(oidc, maxWait);
    }
}
