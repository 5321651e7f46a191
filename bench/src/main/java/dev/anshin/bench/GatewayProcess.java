package dev.anshin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged gateway (its production jar, profile prod) as its own process on a free port of 127.0.0.1, as an
 * operator would run it: its own MySQL-protocol database (Idempotency-Keys), the bench's issuer for tokens, the bench's
 * card-control as its gRPC downstream. The one departure, printed in the report: the MariaDB version check off.
 */
final class GatewayProcess extends ServiceProcess {

    private GatewayProcess(List<String> command, int port, Path log) throws IOException {
        super("the gateway", command, port, log);
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

        return new GatewayProcess(command, port, options.gatewayLog());
    }
}
