package dev.anshin.statement;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system's, unless a test of cycles sets it to a day after the cycles it closes
 * (a cycle can only be closed once it has ended, and each test closes cycles no other run has closed: see
 * {@link Billing}). Tests that set it reset it after.
 */
@Alternative
@Priority(1)
@Singleton
public class ShiftableClock extends Clock {

    private volatile Instant fixed;

    /** From now on the clock reads this instant. */
    public void set(Instant instant) {
        this.fixed = instant;
    }

    /** Back to the system's time. */
    public void reset() {
        this.fixed = null;
    }

    @Override
    public Instant instant() {
        Instant at = fixed;
        return at == null ? Instant.now() : at;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
