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
        List<String> own = new ArrayList<>(clientCredentials(issuer, CLIENT_ID, clientSecret));
        own.addAll(BACKGROUND_OFF);
        List<String> command = command(options, port, issuer, options.statementJdbcUrl(), own, options.serviceJavaOptions(),
                options.statementJar());
        return new StatementProcess(command, port, options.statementLog());
    }
}
