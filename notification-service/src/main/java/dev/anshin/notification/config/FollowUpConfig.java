package dev.anshin.notification.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The follow-up outbox: the calls a member's answer or report owes card-control and the identity provider, relayed
 * until each is done; nothing is given up (a failure no retry could change is a bug to fix, and the row waits for it).
 */
@ConfigMapping(prefix = "anshin.follow-up")
public interface FollowUpConfig {

    /** Whether this instance relays (every instance may: claims keep two from making the same call at once). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for due follow-ups (scheduler syntax, read by its {@code @Scheduled}). */
    @WithDefault("1s")
    String pollInterval();

    /** How many follow-ups one pass claims. */
    @WithDefault("50")
    int batchSize();

    /** How long a claim lasts: a relay that dies mid-pass frees its follow-ups after this. */
    @WithDefault("PT1M")
    Duration claimLease();

    /** Wait before the first retry; doubles with every failed attempt (±20 % jitter)... */
    @WithDefault("PT1S")
    Duration initialBackoff();

    /** ...up to this. */
    @WithDefault("PT5M")
    Duration maxBackoff();

    /** The deadline of each call to card-control and to the identity provider. */
    @WithDefault("PT5S")
    Duration callDeadline();
}
