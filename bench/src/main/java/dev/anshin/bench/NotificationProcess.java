package dev.anshin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged notification-service (its production jar, profile prod) as its own process on 127.0.0.1, configured as
 * an operator would: its MySQL-protocol database, the bench's issuer for tokens, the bench's SMTP server (GreenMail) as
 * its relay, its delivery outbox relay on with production settings. Departures, printed in the reports: the MariaDB
 * version check off, and SMTP without STARTTLS (GreenMail on loopback speaks plain SMTP). The same port can be given
 * again to restart it after a kill, as the same instance.
 */
final class NotificationProcess extends ServiceProcess {

    static final String CLIENT_ID = "notification";

    private NotificationProcess(List<String> command, int port, Path log) throws IOException {
        super("notification-service", command, port, log);
    }

    static Path jar(Options options) {
        return options.root().resolve(Path.of("notification-service", "target", "quarkus-app", "quarkus-run.jar"));
    }

    static Path log(Options options, String name) {
        return options.root().resolve(Path.of("bench", "target", name));
    }

    /** Starts it on {@code port}, its output in {@code log}. */
    static NotificationProcess start(Options options, String issuer, String clientSecret, int smtpPort, int port, Path log)
            throws IOException {
        Path jar = jar(options);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./anshin bench --mode notification does:"
                    + " ./mvnw -Pbench -DskipTests package -pl proto,service-kit,notification-service,bench -am)");
        }
        List<String> own = new ArrayList<>(clientCredentials(issuer, CLIENT_ID, clientSecret));
        own.addAll(List.of(
                "quarkus.mailer.host=127.0.0.1",
                "quarkus.mailer.port=" + smtpPort,
                "quarkus.mailer.start-tls=DISABLED",
                // Nothing of the bench answers these; the relays that would call them have nothing to do.
                "quarkus.grpc.clients.card-control.port=" + freePort(),
                "quarkus.grpc.clients.consent.port=" + freePort()));
        List<String> command = command(options, port, issuer, options.jdbcUrl(), own, options.serviceJavaOptions(), jar);
        return new NotificationProcess(command, port, log);
    }
}
