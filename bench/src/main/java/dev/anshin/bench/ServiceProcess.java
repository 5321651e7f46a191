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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service the bench runs as its own process on a free port of 127.0.0.1: started with its output in a log
 * file, waited for until ready, stopped with SIGTERM (and on any exit of the bench). What the services differ in, their
 * command line, is their subclasses'.
 */
abstract class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    protected ServiceProcess(String name, List<String> command, int port, Path log) throws IOException {
        this.name = name;
        this.port = port;
        this.log = log;
        Files.createDirectories(log.getParent());
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Ctrl-C (or any exit) must not leave the service running.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "stop-" + name));
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
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; the end of " + log
                        + ":\n" + tail(40));
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
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; the end of " + log
                + ":\n" + tail(40));
    }

    /** The last lines of the service's log. */
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

    /**
     * The command that runs a packaged service the way the bench runs every one: this JVM's java; the settings all
     * share (loopback on {@code port}, the bench's issuer for incoming tokens, the service's own MySQL-protocol
     * database, plain-text logs); the service's {@code own}; then {@code javaOptions}, last, so that a -Dkey=value
     * there overrides the bench's setting of the key; then the jar.
     */
    static List<String> command(Options options, int port, String issuer, String jdbcUrl, List<String> own,
            List<String> javaOptions, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> properties = new ArrayList<>(List.of(
                "quarkus.http.host=127.0.0.1",
                "quarkus.http.port=" + port,
                "quarkus.oidc.auth-server-url=" + issuer,
                "quarkus.datasource.jdbc.url=" + jdbcUrl,
                "quarkus.datasource.username=" + options.dbUser(),
                "quarkus.datasource.password=" + options.dbPassword(),
                // MariaDB reports itself to mysql-connector-j as "5.5.5"; the MySQL dialect still fits it.
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                // prod logs JSON; the report's log summary (Report.LogSummary) reads the plain-text lines.
                "quarkus.log.console.json.enabled=false"));
        properties.addAll(own);
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The service's own client credentials at the bench's issuer, for its calls to other services. */
    static List<String> clientCredentials(String issuer, String clientId, String secret) {
        return List.of("quarkus.oidc-client.auth-server-url=" + issuer, "quarkus.oidc-client.client-id=" + clientId,
                "quarkus.oidc-client.credentials.secret=" + secret);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
