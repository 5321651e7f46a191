package dev.anshin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged statement-service (its production jar, profile prod) as its own process on a free port of 127.0.0.1:
 * its own MySQL-protocol database (Flyway migrates it at start), the bench's issuer for tokens. Departures, printed in
 * the report: the MariaDB version check off, and its background work off — the outbox relay (nothing to deliver to),
 * the expiry job and the scheduled cycle close — so that only the usage list runs while it is measured.
 */
final class StatementProcess extends ServiceProcess {

    static final String CLIENT_ID = "statement";

    static final List<String> BACKGROUND_OFF = List.of(
            "anshin.outbox.relay-enabled=false",
            "anshin.statement.authorization-expiry.every=off",
            "anshin.statement.cycle-close.cron=off");

    private StatementProcess(List<String> command, int port, Path log) throws IOException {
        super("statement-service", command, port, log);
    }

    static StatementProcess start(Options options, String issuer, String clientSecret) throws IOException {
        if (!Files.isRegularFile(options.statementJar())) {
            throw new IllegalStateException(options.statementJar() + " is missing: build it first (./anshin bench --mode"
                    + " usage-list does: ./mvnw -Pbench -DskipTests package -pl proto,service-kit,statement-service,bench -am)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> properties = new ArrayList<>(List.of(
                "quarkus.http.host=127.0.0.1",
                "quarkus.http.port=" + port,
                "quarkus.oidc.auth-server-url=" + issuer,
                "quarkus.oidc-client.auth-server-url=" + issuer,
                "quarkus.oidc-client.client-id=" + CLIENT_ID,
                "quarkus.oidc-client.credentials.secret=" + clientSecret,
                "quarkus.datasource.jdbc.url=" + options.statementJdbcUrl(),
                "quarkus.datasource.username=" + options.dbUser(),
                "quarkus.datasource.password=" + options.dbPassword(),
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                "quarkus.log.console.json.enabled=false"));
        properties.addAll(BACKGROUND_OFF);
        properties.forEach(p -> command.add("-D" + p));
        // Last, so that a --service-java-opt -Dkey=value overrides the bench's own setting of the key.
        command.addAll(options.serviceJavaOptions());
        command.add("-jar");
        command.add(options.statementJar().toString());
        return new StatementProcess(command, port, options.statementLog());
    }
}
