package dev.anshin.cardcontrol.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of outbox events to the services that must hear of a change. */
@ConfigMapping(prefix = "anshin.outbox")
public interface OutboxConfig {

    /** Whether this instance delivers (every instance may; claims keep them from sending the same event at once). */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * How often the relay sends the events handed to it in memory by the decisions committed since (see
     * {@code OutboxRelay}): about the longest an approval waits before its delivery starts.
     */
    @WithDefault("PT0.05S")
    Duration handOffInterval();

    /**
     * How often the relay looks in the table for due events: retries whose time has come, and events no relay had
     * in memory (written while it was stopped or too far behind, or held by an instance that died).
     */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** How many events one pass sends (one call per receiver, up to 500 items each). */
    @WithDefault("500")
    int batchSize();

    /** How long a claim lasts; an instance that dies mid-batch frees its events after this. */
    @WithDefault("PT30S")
    Duration claimLease();

    /** Wait before the first retry; doubles with every failed attempt (with ±20% jitter)... */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** ...up to this. Retries never stop: nothing acknowledged is dropped. */
    @WithDefault("PT5M")
    Duration maxBackoff();

    /** Deadline of one delivery call. */
    @WithDefault("PT2S")
    Duration deliveryDeadline();

    /**
     * How long an event is kept after its receiver acknowledged it (to answer "was it handed on, and when"); after
     * that it is deleted. Events not yet acknowledged are never deleted, however old.
     */
    @WithDefault("P7D")
    Duration retention();

    /** How often acknowledged events past {@link #retention()} are deleted (scheduler syntax); read by its {@code @Scheduled}. */
    @WithDefault("1h")
    String purgeInterval();
}
