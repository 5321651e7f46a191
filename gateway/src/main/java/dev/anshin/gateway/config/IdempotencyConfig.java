package dev.anshin.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code Idempotency-Key} handling of the POST routes (see gateway/README.md). */
@ConfigMapping(prefix = "anshin.gateway.idempotency")
public interface IdempotencyConfig {

    /** The shortest retention the gateway accepts: clients may retry with a key for at least a day. */
    Duration MINIMUM_RETENTION = Duration.ofHours(24);

    /** How long a key and its response are remembered; at least {@link #MINIMUM_RETENTION}. */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a request may hold its key unfinished (the gateway may have died mid-request) before a retry with the
     * same key may take it over. Well above the downstream deadline.
     */
    @WithDefault("30s")
    Duration inProgressTimeout();

    /** How often expired keys are deleted (a scheduler interval such as {@code 15m}). */
    @WithDefault("15m")
    String purgeEvery();
}
