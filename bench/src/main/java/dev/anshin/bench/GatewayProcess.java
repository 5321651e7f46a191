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
        List<String> command = command(options, port, issuer, options.gatewayJdbcUrl(), List.of(
                "quarkus.grpc.clients.card-control.host=127.0.0.1",
                "quarkus.grpc.clients.card-control.port=" + cardControlPort), options.gatewayJavaOptions(),
                options.gatewayJar());
        return new GatewayProcess(command, port, options.gatewayLog());
    }
}
