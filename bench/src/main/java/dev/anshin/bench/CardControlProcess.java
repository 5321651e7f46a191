package dev.anshin.bench;

import java.io.IOException;
import java.net.InetAddress;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged card-control-service (its production jar, profile prod) as its own process on a free port of 127.0.0.1,
 * configured the way an operator would: MySQL protocol database, the bench's issuer for both incoming tokens and its
 * own client credentials, the receivers as statement-service and notification-service, fresh card-number keys. The
 * only departures from production are for the bench's sake and printed in the report: relaxed fraud rules (so
 * approvals, the expensive path, dominate), and the MariaDB version check off (MariaDB reports "5.5.5" to
 * mysql-connector-j).
 */
final class CardControlProcess implements AutoCloseable {

    static final String CLIENT_ID = "card-control";
    static final String KEY_ID = "bench-1";
    /** BINs for every brand the bench issues. */
    static final List<String> BINS = List.of("visa=498765", "mastercard=545454", "jcb=356999", "amex=379999");
    /**
     * Fraud rules so that approvals, the expensive path, dominate: amount thresholds far above anything the bench
     * sends; the velocity rule on with its production count (5) over a window short enough that a bench card, used
     * about three times a second, sees in it about as many approvals as a card of a real issuer sees in ten minutes.
     * The velocity count then reads at most 5 approvals per card, as in production, where approvals beyond the limit
     * are declined. (Until session 5 the rule was turned off with a limit of 1,000,000; the count then read every
     * approval the bench had made on the card, over a hundred per card by the end of a run.)
     */
    static final List<String> RELAXED_FRAUD_RULES = List.of(
            "anshin.authorization.fraud.velocity-max-approvals=5",
            "anshin.authorization.fraud.velocity-window=PT0.5S",
            "anshin.authorization.fraud.amount-threshold=100000000",
            "anshin.authorization.fraud.online-overseas-amount-threshold=100000000");

    private final Process process;
    private final int port;
    private final Path log;

    private CardControlProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static CardControlProcess start(Options options, String issuer, String clientSecret, int receiverPort) throws IOException {
        if (!Files.isRegularFile(options.cardControlJar())) {
            throw new IllegalStateException(options.cardControlJar() + " is missing: build it first "
                    + "(./anshin bench does: ./mvnw -Pbench -DskipTests package -pl proto,card-control-service,bench -am)");
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
                "quarkus.datasource.jdbc.url=" + options.jdbcUrl(),
                "quarkus.datasource.username=" + options.dbUser(),
                "quarkus.datasource.password=" + options.dbPassword(),
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                // Fresh throw-away keys each run: the bench's cards live only in its own database.
                "anshin.card-numbers.active-key-id=" + KEY_ID,
                "anshin.card-numbers.encryption-keys." + KEY_ID + "=" + randomKey(),
                "anshin.card-numbers.lookup-key=" + randomKey(),
                "anshin.card-numbers.security-code-key=" + randomKey(),
                "quarkus.grpc.clients.statement.host=127.0.0.1",
                "quarkus.grpc.clients.statement.port=" + receiverPort,
                "quarkus.grpc.clients.notification.host=127.0.0.1",
                "quarkus.grpc.clients.notification.port=" + receiverPort,
                "anshin.outbox.relay-enabled=" + options.relay(),
                // prod logs JSON; the report's log summary (Report.LogSummary) reads the plain-text lines.
                "quarkus.log.console.json.enabled=false"));
        BINS.forEach(bin -> properties.add("anshin.card-numbers.bins." + bin));
        properties.addAll(RELAXED_FRAUD_RULES);
        properties.forEach(p -> command.add("-D" + p));
        // Last, so that a --service-java-opt -Dkey=value overrides the bench's own setting of the key.
        command.addAll(options.serviceJavaOptions());
        command.add("-jar");
        command.add(options.cardControlJar().toString());

        Files.createDirectories(options.log().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(options.log().toFile())
                .start();
        CardControlProcess cardControl = new CardControlProcess(process, port, options.log());
        // Ctrl-C (or any exit) must not leave the service running.
        Runtime.getRuntime().addShutdownHook(new Thread(cardControl::close, "stop-card-control"));
        return cardControl;
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for /q/health/ready (database reachable, migrations done); fails with the log's tail if it exits. */
    Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant started = Instant.now();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (Duration.between(started, Instant.now()).compareTo(timeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("card-control-service exited with " + process.exitValue()
                        + "; the end of " + log + ":\n" + tail(40));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.between(started, Instant.now());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("card-control-service was not ready within " + timeout.toSeconds()
                + " s; the end of " + log + ":\n" + tail(40));
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, so the service shuts down as in production; killed only if it does not within 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
