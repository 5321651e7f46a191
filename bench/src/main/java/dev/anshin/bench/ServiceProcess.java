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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
