package dev.anshin.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Calls to consent-service ({@code client/ConsentClient}). Where it is, is gRPC client configuration
 * ({@code quarkus.grpc.clients.consent.*}).
 */
@ConfigMapping(prefix = "anshin.gateway.consent")
public interface ConsentConfig {

    /** How long one call may take before it counts as an outage (503, retried once more for reads). */
    @WithDefault("2s")
    Duration deadline();
}
