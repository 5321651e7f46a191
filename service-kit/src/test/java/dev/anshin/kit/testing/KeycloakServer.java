package dev.anshin.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real identity provider for tests that need one: Keycloak's distribution (unpacked by the module's build from
 * {@code org.keycloak:keycloak-quarkus-dist}, see notification-service's pom), started once per test JVM on a free port
 * of 127.0.0.1 in dev mode with the project's realm file imported into fresh data, and stopped when the JVM ends.
 * Starting takes about a minute on two cores (its first start builds), so every test class of a module shares one.
 */
public final class KeycloakServer {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static KeycloakServer running;

    private final URI baseUri;
    private final String realm;

    private KeycloakServer(URI baseUri, String realm) {
        this.baseUri = baseUri;
        this.realm = realm;
    }

    /**
     * The one Keycloak of this JVM, started on first use.
     *
     * @param distribution the unpacked distribution (the folder holding {@code bin/kc.sh})
     * @param realmFile the realm to import (its name is read from the file's {@code "realm"})
     */
    public static synchronized KeycloakServer start(Path distribution, Path realmFile) {
        if (running != null) {
            return running;
        }
        try {
            String realm = realmName(Files.readString(realmFile));
            // Fresh data each time: --import-realm skips a realm that exists, and the realm file may have changed.
            deleteTree(distribution.resolve("data"));
            Path imports = Files.createDirectories(distribution.resolve("data/import"));
            Files.copy(realmFile, imports.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            Path log = distribution.resolve("keycloak-test.log");
            ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://127.0.0.1:" + port,
                    "--http-management-port=" + freePort(), "--import-realm")
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }));
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitRealm(process, base, realm, log);
            running = new KeycloakServer(base, realm);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak did not start", e);
        }
    }

    /** Keycloak's base URL ({@code http://127.0.0.1:port}). */
    public URI baseUri() {
        return baseUri;
    }

    /** The realm's issuer URL. */
    public URI issuer() {
        return URI.create(baseUri + "/realms/" + realm);
    }

    private static void awaitRealm(Process process, URI base, String realm, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(base + "/realms/" + realm + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
        }
        process.destroy();
        throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT + "; see " + log);
    }

    private static String realmName(String realmJson) {
        var matcher = java.util.regex.Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"").matcher(realmJson);
        if (!matcher.find()) {
            throw new IllegalArgumentException("the realm file names no realm");
        }
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
