package dev.anshin.cardcontrol.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How authorization decisions that arrive together share a database transaction. Nothing waits to fill a batch: a
 * committer takes whatever has queued up while the previous transaction ran, so one decision alone goes at once and a
 * busy second shares one commit among many.
 */
@ConfigMapping(prefix = "anshin.authorization.batch")
public interface DecisionBatchConfig {

    /** Committer threads, each running one transaction at a time. */
    @WithDefault("2")
    int committers();

    /**
     * The most decisions one transaction carries, 1 to 256 (more would outgrow the driver's statement cache, and
     * eventually MySQL's limit on placeholders). {@code 1} gives every decision its own transaction.
     */
    @WithDefault("64")
    int maxSize();

    /**
     * The most decisions waiting for a committer at once; past that a request is refused at once with gRPC
     * {@code UNAVAILABLE} (nothing recorded) rather than queued behind a database that is not keeping up.
     */
    @WithDefault("2000")
    int maxQueued();

    /**
     * How long a committer's statement waits for a row another transaction holds (a card being suspended, say)
     * before its transaction gives up: whole seconds, at least 1 (MySQL's {@code innodb_lock_wait_timeout}, set on
     * the committers' own sessions; the server's default of 50 s would stall every decision queued behind). The
     * decision that needed the row is answered {@code ABORTED}, the others of its transaction are taken again without it.
     */
    @WithDefault("PT2S")
    Duration lockWaitTimeout();
}
