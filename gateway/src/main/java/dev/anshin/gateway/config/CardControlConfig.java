package dev.anshin.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Calls to card-control-service ({@code client/CardControlClient}). Where it is, is gRPC client configuration
 * ({@code quarkus.grpc.clients.card-control.*}).
 */
@ConfigMapping(prefix = "anshin.gateway.card-control")
public interface CardControlConfig {

    /** How long one call may take before it counts as an outage (503, retried once more for reads). */
    @WithDefault("2s")
    Duration deadline();
}
