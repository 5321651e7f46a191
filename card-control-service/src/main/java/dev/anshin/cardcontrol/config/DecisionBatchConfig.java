package dev.anshin.cardcontrol.config;

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
}
