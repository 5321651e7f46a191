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
 * The packaged gateway (its production jar, profile prod) as its own process on a free port of 127.0.0.1, as an
 * operator would run it: its own MySQL-protocol database (Idempotency-Keys), the bench's issuer for tokens, the bench's
 * card-control as its gRPC downstream. The one departure, printed in the report: the MariaDB version check off.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static GatewayProcess start(Options options, String issuer, int cardControlPort) throws IOException {
        if (!Files.isRegularFile(options.gatewayJar())) {
            throw new IllegalStateException(options.gatewayJar() + " is missing: build it first (./anshin bench --mode gateway"
                    + " does: ./mvnw -Pbench -DskipTests package -pl proto,service-kit,card-control-service,gateway,bench -am)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> properties = List.of(
                "quarkus.http.host=127.0.0.1",
                "quarkus.http.port=" + port,
                "quarkus.oidc.auth-server-url=" + issuer,
                "quarkus.datasource.jdbc.url=" + options.gatewayJdbcUrl(),
                "quarkus.datasource.username=" + options.dbUser(),
                "quarkus.datasource.password=" + options.dbPassword(),
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                "quarkus.grpc.clients.card-control.host=127.0.0.1",
                "quarkus.grpc.clients.card-control.port=" + cardControlPort);
        properties.forEach(p -> command.add("-D" + p));
        // Last, so that a --gateway-java-opt -Dkey=value overrides the bench's own setting of the key.
        command.addAll(options.gatewayJavaOptions());
        command.add("-jar");
        command.add(options.gatewayJar().toString());

        Files.createDirectories(options.gatewayLog().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(options.gatewayLog().toFile())
                .start();
        GatewayProcess gateway = new GatewayProcess(process, port, options.gatewayLog());
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "stop-gateway"));
        return gateway;
    }

    int port() {
        return port;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for /q/health/ready (its database reachable); fails with the log's tail if it exits. */
    Duration awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant started = Instant.now();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (Duration.between(started, Instant.now()).compareTo(timeout) < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; the end of " + log + ":\n"
                        + tail(40));
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
        throw new IllegalStateException("the gateway was not ready within " + timeout.toSeconds() + " s; the end of " + log
                + ":\n" + tail(40));
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, as in production; killed only if it does not stop within 30 s. */
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
}
