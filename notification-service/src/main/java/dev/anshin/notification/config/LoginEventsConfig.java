package dev.anshin.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Login notices for logins at Keycloak: its event store is read over its admin REST API
 * ({@code GET /admin/realms/{realm}/events?type=LOGIN}) with a client-credentials token of a client whose service
 * account holds {@code realm-management/view-events}. Keycloak and the realm are those of the issuer the service
 * trusts ({@code quarkus.oidc.auth-server-url}, {@code https://host/realms/anshin}).
 */
@ConfigMapping(prefix = "anshin.login-events")
public interface LoginEventsConfig {

    /** Whether this instance reads Keycloak's login events (several may: each pass locks the cursor). */
    @WithDefault("false")
    boolean enabled();

    /** The client whose service account may view events. */
    @WithDefault("notification")
    String clientId();

    /** Its secret. */
    Optional<String> clientSecret();

    /** How often the events are read (scheduler syntax, read by its {@code @Scheduled}). */
    @WithDefault("2s")
    String pollInterval();

    /**
     * How far before the cursor each pass reads again: Keycloak stores an event when its request ends, so one may
     * appear after a later one was read. Events read again are skipped, not notified twice.
     */
    @WithDefault("PT1M")
    Duration overlap();

    /** Events asked for per request. */
    @WithDefault("100")
    int pageSize();

    /** How long a pass waits for a token or an answer from Keycloak before giving up until the next pass. */
    @WithDefault("PT10S")
    Duration timeout();
}
