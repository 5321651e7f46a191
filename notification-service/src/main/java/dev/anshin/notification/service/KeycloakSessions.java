package dev.anshin.notification.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.anshin.notification.config.FollowUpConfig;
import dev.anshin.notification.config.LoginEventsConfig;

/**
 * Ends every session of a member at Keycloak (the identity provider of the issuer): {@code POST
 * /admin/realms/{realm}/users/{member}/logout}, as the client {@code notification}, whose service account holds
 * {@code realm-management/manage-users}. The member id is the Keycloak user id (the tokens' subject). Keycloak
 * answers 204; a user it does not know (404) has no session to end, so that counts as done too. Refresh tokens and
 * browser sessions stop working at once; an access token already issued lives out its short lifetime (the realm's
 * {@code accessTokenLifespan}).
 */
@ApplicationScoped
public class KeycloakSessions {

    private final KeycloakAdminTokens tokens;
    private final LoginEventsConfig loginEvents;
    private final String issuer;
    private final Duration deadline;
    private final HttpClient http;

    public KeycloakSessions(KeycloakAdminTokens tokens, LoginEventsConfig loginEvents, FollowUpConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer) {
        this.tokens = tokens;
        this.loginEvents = loginEvents;
        this.issuer = issuer;
        this.deadline = config.callDeadline();
        this.http = HttpClient.newBuilder().connectTimeout(deadline).build();
    }

    /** The realm of this service's issuer, as the client {@code anshin.login-events.client-id}. */
    public KeycloakLoginEvents.Source source() {
        return KeycloakLoginEvents.Source.of(issuer, loginEvents.clientId(), loginEvents.clientSecret().orElse(""));
    }

    /** Ends every session of the member; throws when Keycloak could not be reached or refused (the caller retries). */
    public void endAll(KeycloakLoginEvents.Source source, String memberId) {
        String url = source.keycloakUrl().replaceAll("/+$", "") + "/admin/realms/" + encode(source.realm()) + "/users/"
                + encode(memberId) + "/logout";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(deadline)
                .header("Authorization", "Bearer " + tokens.accessToken(source))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak could not be reached to end the sessions: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ending the sessions at Keycloak", e);
        }
        int status = response.statusCode();
        if (status == 401) {
            tokens.forget(source);
        }
        if (status != 204 && status != 200 && status != 404) {
            throw new IllegalStateException("Keycloak answered " + status + " to the logout"
                    + (status == 403 ? " (the client's service account needs realm-management/manage-users)" : ""));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
