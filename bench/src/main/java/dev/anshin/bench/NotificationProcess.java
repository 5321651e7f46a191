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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> properties = List.of(
                "quarkus.http.host=127.0.0.1",
                "quarkus.http.port=" + port,
                "quarkus.oidc.auth-server-url=" + issuer,
                "quarkus.oidc-client.client-id=" + CLIENT_ID,
                "quarkus.oidc-client.credentials.secret=" + clientSecret,
                "quarkus.datasource.jdbc.url=" + options.jdbcUrl(),
                "quarkus.datasource.username=" + options.dbUser(),
                "quarkus.datasource.password=" + options.dbPassword(),
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                "quarkus.mailer.host=127.0.0.1",
                "quarkus.mailer.port=" + smtpPort,
                "quarkus.mailer.start-tls=DISABLED",
                // Nothing of the bench answers these; the relays that would call them have nothing to do.
                "quarkus.grpc.clients.card-control.port=" + freePort(),
                "quarkus.grpc.clients.consent.port=" + freePort(),
                // prod logs JSON; the report's log summary (Report.LogSummary) reads the plain-text lines.
                "quarkus.log.console.json.enabled=false");
        properties.forEach(p -> command.add("-D" + p));
        // Last, so that a --service-java-opt -Dkey=value overrides the bench's own setting of the key.
        command.addAll(options.serviceJavaOptions());
        command.add("-jar");
        command.add(jar.toString());
        return new NotificationProcess(command, port, log);
    }
}
