package dev.anshin.statement.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay ({@code anshin.outbox.*}, service/OutboxRelay): how it claims, sends and retries events. */
@ConfigMapping(prefix = "anshin.outbox")
public interface OutboxConfig {

    /** Whether this instance delivers outbox events (every instance may; claims keep them from sending one twice). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for due events (scheduler syntax). Read by its {@code @Scheduled}. */
    @WithDefault("1s")
    String pollInterval();

    /** Events one pass claims and sends. */
    @WithDefault("100")
    int batchSize();

    /** How long a claim holds: a relay that dies frees its events after this. Longer than a pass takes. */
    @WithDefault("PT30S")
    Duration claimLease();

    /** The wait before the first retry; it doubles with each failed attempt (±20 % jitter). */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** The longest wait between attempts. */
    @WithDefault("PT5M")
    Duration maxBackoff();

    /** The deadline of each delivery call. */
    @WithDefault("PT2S")
    Duration deliveryDeadline();

    /** How long a call waits for statement-service's own token; past it the call fails and is retried later. */
    @WithDefault("PT5S")
    Duration tokenMaxWait();
}
