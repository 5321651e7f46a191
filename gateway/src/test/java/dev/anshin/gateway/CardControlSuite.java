package dev.anshin.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The suite the gateway talks to in tests, for real: a test OpenID Connect server (quarkus-test-oidc-server) and the
 * packaged card-control-service running as its own process on a free port, against MariaDB, trusting the same issuer.
 * The reactor builds card-control-service before the gateway, so its jar is there when these tests run. It has its own
 * database ({@link Database#CARD_CONTROL}), apart from the one card-control's own tests use at the same time.
 * <p>
 * Both export their traces to one in-test collector ({@link #traces}), started first, as an operator would point the
 * suite at a collector: by the OTLP endpoint alone (here OTLP/HTTP, and exported every 100 ms rather than 5 s).
 * card-control runs in its prod profile, so its output ({@link #LOG}) is the JSON log lines prod writes.
 */
public class CardControlSuite implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://server.example.com";
    /** The reactor's build; -Danshin.test.card-control-jar=... runs another build (e.g. while card-control is being rebuilt). */
    static final Path JAR = Path.of(System.getProperty("anshin.test.card-control-jar",
            Path.of("..", "card-control-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path LOG = Path.of("target", "card-control-service.log");
    /** notification-service, packaged by the reactor before the gateway, for the notification routes. */
    static final Path NOTIFICATION_JAR = Path.of(System.getProperty("anshin.test.notification-jar",
            Path.of("..", "notification-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path NOTIFICATION_LOG = Path.of("target", "notification-service.log");

    static volatile int cardControlPort;
    static volatile int notificationPort;
    /** The collector both services export their spans to. */
    static volatile OtlpReceiver traces;

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();
    private Process cardControl;
    private Process notification;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(oidc.start());
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build card-control-service first "
                    + "(./mvnw verify builds it before the gateway)");
        }
        try {
            traces = new OtlpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the in-test trace collector", e);
        }
        Map<String, String> tracing = Map.of(
                "quarkus.otel.exporter.otlp.endpoint", traces.endpoint(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.oidc.auth-server-url=" + config.get("keycloak.url") + "/realms/quarkus",
                "-Dquarkus.oidc.token.issuer=" + ISSUER,
                "-Dquarkus.datasource.jdbc.url=" + Database.url(Database.CARD_CONTROL),
                "-Dquarkus.datasource.username=" + Database.user(),
                "-Dquarkus.datasource.password=" + Database.password(),
                "-Dquarkus.hibernate-orm.database.version-check.enabled=false",
                // Fresh keys each run: nothing in the tests depends on a particular key.
                "-Danshin.card-numbers.active-key-id=gateway-test",
                "-Danshin.card-numbers.encryption-keys.gateway-test=" + randomKey(),
                "-Danshin.card-numbers.lookup-key=" + randomKey(),
                "-Danshin.card-numbers.security-code-key=" + randomKey(),
                "-Danshin.card-numbers.bins.visa=498765",
                "-Danshin.card-numbers.bins.jcb=356999",
                "-jar", JAR.toString()));
        tracing.forEach((key, value) -> command.add(command.size() - 2, "-D" + key + "=" + value));
        try {
            Files.createDirectories(LOG.getParent());
            cardControl = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();
            awaitReady(cardControl, port, LOG, "card-control-service");
        } catch (IOException e) {
            throw new IllegalStateException("could not start card-control-service", e);
        }
        cardControlPort = port;
        notificationPort = startNotificationService(config.get("keycloak.url"));
        config.put("quarkus.grpc.clients.notification.host", "127.0.0.1");
        config.put("quarkus.grpc.clients.notification.port", Integer.toString(notificationPort));
        config.put("quarkus.grpc.clients.notification.test-port", Integer.toString(notificationPort));
        config.put("quarkus.grpc.clients.card-control.host", "127.0.0.1");
        config.put("quarkus.grpc.clients.card-control.port", Integer.toString(port));
        // In test mode a gRPC client dials its test-port (default 9001), not its port.
        config.put("quarkus.grpc.clients.card-control.test-port", Integer.toString(port));
        config.putAll(tracing);
        return config;
    }

    /**
     * notification-service as its own process, on its own tests' database (its members are random ids, so the two never
     * meet), its delivery relay off: the gateway's tests read preferences and history, nothing is e-mailed.
     */
    private int startNotificationService(String keycloakUrl) {
        if (!Files.exists(NOTIFICATION_JAR)) {
            throw new IllegalStateException(NOTIFICATION_JAR.toAbsolutePath() + " is missing: build notification-service first "
                    + "(./mvnw verify builds it before the gateway)");
        }
        int port = freePort();
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.oidc.auth-server-url=" + keycloakUrl + "/realms/quarkus",
                "-Dquarkus.oidc.token.issuer=" + ISSUER,
                "-Dquarkus.datasource.jdbc.url=" + Database.url(Database.NOTIFICATION),
                "-Dquarkus.datasource.username=" + Database.user(),
                "-Dquarkus.datasource.password=" + Database.password(),
                "-Dquarkus.hibernate-orm.database.version-check.enabled=false",
                "-Danshin.delivery.relay-enabled=false",
                "-jar", NOTIFICATION_JAR.toString());
        try {
            notification = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(NOTIFICATION_LOG.toFile()).start();
            awaitReady(notification, port, NOTIFICATION_LOG, "notification-service");
        } catch (IOException e) {
            throw new IllegalStateException("could not start notification-service", e);
        }
        return port;
    }

    @Override
    public void stop() {
        if (notification != null) {
            notification.destroy();
            try {
                if (!notification.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    notification.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                notification.destroyForcibly();
            }
        }
        if (cardControl != null) {
            cardControl.destroy();
            try {
                if (!cardControl.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    cardControl.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cardControl.destroyForcibly();
            }
        }
        oidc.stop();
        if (traces != null) {
            traces.close();
        }
    }

    private static void awaitReady(Process process, int port, Path log, String name) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited:\n" + tail(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " was not ready within 90 s:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
