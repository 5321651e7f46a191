package dev.anshin.notification.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.anshin.notification.LoginEventCursor;
import dev.anshin.notification.LoginEventSeen;
import dev.anshin.notification.config.LoginEventsConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * ログイン通知 for logins at Keycloak, read from its own event store ({@code GET /admin/realms/{realm}/events}, type
 * LOGIN, oldest first) rather than pushed by a provider installed into Keycloak: nothing to build and deploy into the
 * identity provider, and a login made while this service was down is still there when it comes back (Keycloak keeps
 * events for the realm's {@code eventsExpiration}).
 * <p>
 * Neither missing nor repeating one, across restarts and replicas: the cursor (the newest event time read) and every
 * event handled are rows of this service's database, written in the same transaction as the notices they produced,
 * under a lock of the cursor row. Each pass reads again from {@code overlap} before the cursor, because Keycloak stores
 * an event when its request ends, not in the order of the events' times; what was handled before is skipped.
 * <p>
 * The login method: Keycloak 26 records no "acr" on the event, but its one-time-code step records the credential it
 * checked ({@code selected_credential_id}); the password step records none. So an event with it is a two-step login.
 */
@ApplicationScoped
public class KeycloakLoginEvents {

    private static final Logger LOG = Logger.getLogger(KeycloakLoginEvents.class);

    static final String SOURCE = "keycloak";
    /** The detail Keycloak's one-time-code step adds to the LOGIN event. */
    static final String SECOND_STEP_DETAIL = "selected_credential_id";
    /** Pages one pass reads at most (then the next pass goes on). */
    private static final int MAX_PAGES = 50;

    /** Where the events are read, and as whom. */
    public record Source(String keycloakUrl, String realm, String clientId, String clientSecret) {

        /** Keycloak's base URL and the realm, from the realm's issuer URL ({@code https://host/realms/anshin}). */
        public static Source of(String issuer, String clientId, String clientSecret) {
            int realms = issuer.indexOf("/realms/");
            if (realms < 0) {
                throw new IllegalStateException("login events are read from Keycloak, but the issuer " + issuer
                        + " is not a Keycloak realm's (https://host/realms/name)");
            }
            return new Source(issuer.substring(0, realms), issuer.substring(realms + "/realms/".length()).replaceAll("/+$", ""),
                    clientId, clientSecret);
        }

        @Override
        public String toString() {
            return "Source[" + keycloakUrl + ", realm " + realm + ", client " + clientId + "]";
        }
    }

    private final LoginEventsConfig config;
    private final String issuer;
    private final LoginNoticeService notices;
    private final KeycloakAdminTokens adminTokens;
    private final EntityManager em;
    private final Clock clock;
    private final HttpClient http;
    private volatile boolean failing;

    public KeycloakLoginEvents(LoginEventsConfig config, @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            LoginNoticeService notices, KeycloakAdminTokens adminTokens, EntityManager em, Clock clock) {
        this.config = config;
        this.issuer = issuer;
        this.notices = notices;
        this.adminTokens = adminTokens;
        this.em = em;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Scheduled(every = "${anshin.login-events.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        Source source = Source.of(issuer, config.clientId(), config.clientSecret().orElse(""));
        try {
            read(source);
            if (failing) {
                failing = false;
                LOG.infof("reading login events from %s works again", source);
            }
        } catch (RuntimeException e) {
            // The cursor did not move: the next pass reads the same events again. Said once, not every pass (Keycloak
            // starting after this service would otherwise fill the log).
            if (!failing) {
                failing = true;
                LOG.warnf("reading login events from %s failed (%s); every pass tries again", source, e.toString());
            }
        }
    }

    /**
     * One pass: every login event from the cursor (less the overlap) on, page by page, each new one handled once.
     *
     * @return the login notices presented
     */
    public int read(Source source) {
        long from = Math.max(0, startingCursor() - config.overlap().toMillis());
        int presented = 0;
        int handled = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<JsonObject> events = fetch(source, from, page * config.pageSize());
            if (events.isEmpty()) {
                break;
            }
            Handled pass = QuarkusTransaction.requiringNew().call(() -> handle(events));
            presented += pass.presented();
            handled += pass.newEvents();
            if (events.size() < config.pageSize()) {
                break;
            }
        }
        // Only a moved cursor can age rows out of the overlap: a pass that found nothing new writes nothing.
        if (handled > 0) {
            QuarkusTransaction.requiringNew().run(this::pruneSeen);
        }
        return presented;
    }

    /** What one page did: events not handled before, and the notices they became. */
    private record Handled(int newEvents, int presented) {
    }

    /** The cursor, made on the first pass ever at "now": logins from before this service read them are not notified. */
    private long startingCursor() {
        LoginEventCursor cursor = QuarkusTransaction.requiringNew().call(() -> em.find(LoginEventCursor.class, SOURCE));
        if (cursor != null) {
            return cursor.lastEventTime;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                var first = new LoginEventCursor();
                first.source = SOURCE;
                first.lastEventTime = clock.millis();
                first.updatedAt = clock.instant();
                em.persist(first);
            });
        } catch (RuntimeException e) {
            if (!Notices.isDuplicate(e)) {
                throw e;
            }
            // Another replica made it first.
        }
        return QuarkusTransaction.requiringNew().call(() -> em.find(LoginEventCursor.class, SOURCE)).lastEventTime;
    }

    /** Under the cursor's lock: the events not handled before become notices, and the cursor moves to the newest. */
    private Handled handle(List<JsonObject> events) {
        // The lock: an UPDATE of the row (portable; MariaDB refuses the "FOR UPDATE OF" Hibernate writes for MySQL 8).
        em.createQuery("update LoginEventCursor c set c.updatedAt = :now where c.source = :source")
                .setParameter("now", clock.instant()).setParameter("source", SOURCE).executeUpdate();
        LoginEventCursor cursor = em.find(LoginEventCursor.class, SOURCE);
        int newEvents = 0;
        int presented = 0;
        for (JsonObject event : events) {
            String id = event.getString("id");
            Long time = event.getLong("time");
            if (id == null || id.length() > 64 || time == null || em.find(LoginEventSeen.class, id) != null) {
                continue;
            }
            var seen = new LoginEventSeen();
            seen.eventId = id;
            seen.source = SOURCE;
            seen.eventTime = time;
            em.persist(seen);
            newEvents++;
            cursor.lastEventTime = Math.max(cursor.lastEventTime, time);
            LoginNotice notice = notice(event);
            if (notice != null && notices.present(notice).isPresent()) {
                presented++;
            }
        }
        return new Handled(newEvents, presented);
    }

    /** The event as a login notice; null for one that names no member. */
    static LoginNotice notice(JsonObject event) {
        String member = event.getString("userId");
        if (!"LOGIN".equals(event.getString("type")) || member == null || member.isEmpty() || member.length() > 64) {
            return null;
        }
        JsonObject details = event.getJsonObject("details", new JsonObject());
        LoginNotice.Method method = details.containsKey(SECOND_STEP_DETAIL) ? LoginNotice.Method.TWO_STEP
                : LoginNotice.Method.PASSWORD;
        String ip = event.getString("ipAddress", "");
        return new LoginNotice(event.getString("id"), member, Instant.ofEpochMilli(event.getLong("time")),
                ip.length() > 45 ? ip.substring(0, 45) : ip, event.getString("clientId", "unknown"), method, null, null);
    }

    /** Events older than the overlap before the cursor are never read again: their rows can go. */
    private void pruneSeen() {
        LoginEventCursor cursor = em.find(LoginEventCursor.class, SOURCE);
        long before = cursor.lastEventTime - 2 * config.overlap().toMillis();
        em.createQuery("delete from LoginEventSeen s where s.source = :source and s.eventTime < :before")
                .setParameter("source", SOURCE).setParameter("before", before).executeUpdate();
    }

    private List<JsonObject> fetch(Source source, long from, int first) {
        String url = source.keycloakUrl().replaceAll("/+$", "") + "/admin/realms/" + encode(source.realm())
                + "/events?type=LOGIN&direction=asc&dateFrom=" + from + "&first=" + first + "&max=" + config.pageSize();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Authorization", "Bearer " + adminTokens.accessToken(source))
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's events could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Keycloak's events", e);
        }
        if (response.statusCode() == 401) {
            adminTokens.forget(source);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to the events request"
                    + (response.statusCode() == 403 ? " (the client's service account needs realm-management/view-events)" : ""));
        }
        JsonArray array = new JsonArray(response.body());
        List<JsonObject> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            events.add(array.getJsonObject(i));
        }
        return events;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
