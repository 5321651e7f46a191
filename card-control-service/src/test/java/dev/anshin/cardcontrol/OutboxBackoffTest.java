package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.cardcontrol.service.OutboxRelay;

class OutboxBackoffTest {

    private final OutboxRelay relay = new OutboxRelay(null, null, null, null, new OutboxConfig() {
        public boolean relayEnabled() { return true; }
        public Duration handOffInterval() { return Duration.ofMillis(50); }
        public Duration pollInterval() { return Duration.ofSeconds(1); }
        public int batchSize() { return 100; }
        public Duration claimLease() { return Duration.ofSeconds(30); }
        public Duration initialBackoff() { return Duration.ofSeconds(1); }
        public Duration maxBackoff() { return Duration.ofMinutes(5); }
        public Duration deliveryDeadline() { return Duration.ofSeconds(2); }
        public Duration retention() { return Duration.ofDays(7); }
        public String purgeInterval() { return "1h"; }
    }, Clock.systemUTC());

    @Test
    void retriesBackOffExponentiallyWithJitterUpToTheCap() {
        assertThat(relay.backoff(1).toMillis()).isBetween(800L, 1200L);
        assertThat(relay.backoff(2).toMillis()).isBetween(1600L, 2400L);
        assertThat(relay.backoff(5).toMillis()).isBetween(12_800L, 19_200L);
        assertThat(relay.backoff(40).toMillis()).isBetween(240_000L, 360_000L);
    }
}
