package dev.anshin.cardcontrol.config;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one clock the service reads; UTC instants everywhere, Asia/Tokyo only where a calendar rule is applied. It ticks
 * in microseconds, the precision of DATETIME(6), so what is answered before a write equals what is read back after.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
