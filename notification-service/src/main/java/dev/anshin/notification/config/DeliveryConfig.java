package dev.anshin.notification.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The delivery outbox: how often it is relayed, how failures are retried, when one becomes a dead letter. */
@ConfigMapping(prefix = "anshin.delivery")
public interface DeliveryConfig {

    /** Whether this instance relays (every instance may: claims keep two from sending the same delivery at once). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for due deliveries (scheduler syntax, read by its {@code @Scheduled}). */
    @WithDefault("1s")
    String pollInterval();

    /** How many deliveries one pass claims. */
    @WithDefault("100")
    int batchSize();

    /** How long a claim lasts: a relay that dies mid-pass frees its deliveries after this. */
    @WithDefault("PT2M")
    Duration claimLease();

    /** Wait before the first retry; doubles with every failed attempt (±20 % jitter)... */
    @WithDefault("PT30S")
    Duration initialBackoff();

    /** ...up to this. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /** Attempts before a delivery becomes a dead letter (an operator may then send it again). */
    @WithDefault("8")
    int maxAttempts();

    /**
     * Sends in flight at once within a pass, each on its own thread and SMTP connection (the mailer's pool holds
     * {@code quarkus.mailer.max-pool-size}, set to 16 to match), each recorded as soon as its channel answered.
     */
    @WithDefault("16")
    int senders();

    /**
     * Who this relay is, stable across restarts of the same instance: a restarted instance frees the claims its
     * previous life held (it was killed mid-pass) instead of waiting out their lease. Unset: the host name and HTTP
     * port (a pod's name survives a container restart; two live processes never share a host and port).
     */
    Optional<String> instanceId();
}
