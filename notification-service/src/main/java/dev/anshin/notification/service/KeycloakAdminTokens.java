package dev.anshin.notification.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.notification.config.LoginEventsConfig;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;

/**
 * Tokens for Keycloak's admin API, as the client {@code anshin.login-events.client-id} ({@code notification}) of the
 * realm, whose service account holds the realm-management roles this service uses: {@code view-events} (reading
 * login events) and {@code manage-users} (ending a member's sessions). One token source per Keycloak and realm.
 */
@ApplicationScoped
public class KeycloakAdminTokens {

    private final OidcClients oidcClients;
    private final Duration timeout;
    private final Map<KeycloakLoginEvents.Source, ServiceTokens> tokens = new ConcurrentHashMap<>();

    public KeycloakAdminTokens(OidcClients oidcClients, LoginEventsConfig config) {
        this.oidcClients = oidcClients;
        this.timeout = config.timeout();
    }

    public String accessToken(KeycloakLoginEvents.Source source) {
        return tokens.computeIfAbsent(source, s -> {
            var client = oidcClients.newClient(new OidcClientConfigBuilder()
                    .id("keycloak-admin-" + Integer.toHexString(s.hashCode()))
                    .authServerUrl(s.keycloakUrl().replaceAll("/+$", "") + "/realms/" + s.realm())
                    .discoveryEnabled(false)
                    .tokenPath("/protocol/openid-connect/token")
                    .clientId(s.clientId())
                    .credentials(s.clientSecret())
                    .build()).await().atMost(timeout);
            return new ServiceTokens(client, timeout);
        }).accessToken();
    }

    /** Keycloak refused the token (401): the next call fetches a new one. */
    public void forget(KeycloakLoginEvents.Source source) {
        tokens.remove(source);
    }
}
