package dev.anshin.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Calls to statement-service ({@code client/StatementClient}). Where it is, is gRPC client configuration
 * ({@code quarkus.grpc.clients.statement.*}).
 */
@ConfigMapping(prefix = "anshin.gateway.statement")
public interface StatementConfig {

    /** How long one call may take before it counts as an outage (503, retried twice more for reads). */
    @WithDefault("2s")
    Duration deadline();
}
