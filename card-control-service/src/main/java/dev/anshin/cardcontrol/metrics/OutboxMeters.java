package dev.anshin.cardcontrol.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import dev.anshin.cardcontrol.repository.OutboxEventRepository.Backlog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * The outbox, seen from outside: what the relay sends each receiver and what it hears back
 * ({@code anshin_outbox_deliveries_total{receiver, outcome}}, {@code anshin_outbox_retries_total{receiver}}), and what
 * is still waiting ({@code anshin_outbox_backlog_events}, {@code anshin_outbox_oldest_undelivered_age_seconds}).
 * <p>
 * The backlog is read from the table every {@code anshin.metrics.outbox-backlog-interval} (15 s), not per scrape, with
 * one query that reads only an index; the age is worked out at each scrape from the oldest event's creation time, so
 * it keeps growing between reads while nothing is delivered. The table is shared: every instance reports the same
 * backlog (take the maximum, not the sum). Until the first read, and after a failed one, both gauges are NaN.
 */
@Startup
@Singleton
public class OutboxMeters {

    private static final Logger LOG = Logger.getLogger(OutboxMeters.class);

    static final String DELIVERIES = "anshin.outbox.deliveries";
    static final String RETRIES = "anshin.outbox.retries";
    static final String BACKLOG = "anshin.outbox.backlog";
    static final String OLDEST_AGE = "anshin.outbox.oldest.undelivered.age";

    /** The services the relay delivers to; the {@code receiver} tag. */
    enum Receiver {
        STATEMENT("statement-service"),
        NOTIFICATION("notification-service");

        final String service;

        Receiver(String service) {
            this.service = service;
        }

        static Receiver of(OutboxEvent.Delivery delivery) {
            return switch (delivery) {
                case STATEMENT_RECORD_AUTHORIZATION -> STATEMENT;
                case NOTIFICATION_USAGE, NOTIFICATION_USAGE_CONFIRMATION, NOTIFICATION_CARD_STATUS,
                        NOTIFICATION_AUTHENTICATION_CODE, NOTIFICATION_AUTHENTICATION_CHALLENGE -> NOTIFICATION;
            };
        }
    }

    private final OutboxEventRepository events;
    private final Clock clock;
    private final Counter[] acknowledged = new Counter[Receiver.values().length];
    private final Counter[] failed = new Counter[Receiver.values().length];
    private final Counter[] retries = new Counter[Receiver.values().length];
    /** The last read of the backlog; null before the first, and after one failed. */
    private volatile Backlog backlog;

    public OutboxMeters(MeterRegistry registry, OutboxEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
        for (Receiver receiver : Receiver.values()) {
            acknowledged[receiver.ordinal()] = delivery(registry, receiver, "acknowledged");
            failed[receiver.ordinal()] = delivery(registry, receiver, "failed");
            retries[receiver.ordinal()] = Counter.builder(RETRIES)
                    .description("Deliveries sent again after an earlier attempt of their event failed, by receiver")
                    .tag("receiver", receiver.service)
                    .register(registry);
        }
        Gauge.builder(BACKLOG, this, OutboxMeters::backlogEvents)
                .description("Outbox events some receiver has not yet acknowledged (read every outbox-backlog-interval)")
                .baseUnit("events")
                .register(registry);
        Gauge.builder(OLDEST_AGE, this, OutboxMeters::oldestAgeSeconds)
                .description("Age of the oldest outbox event some receiver has not yet acknowledged; 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    private static Counter delivery(MeterRegistry registry, Receiver receiver, String outcome) {
        return Counter.builder(DELIVERIES)
                .description("Deliveries of outbox events (one item to one receiver) by receiver and what it answered")
                .tag("receiver", receiver.service)
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * One delivery was sent and answered: acknowledged, or refused or failed (it will be sent again). A retry when its
     * event had been attempted before.
     */
    public void attempted(OutboxEvent.Delivery delivery, int earlierAttempts, boolean wasAcknowledged) {
        int receiver = Receiver.of(delivery).ordinal();
        (wasAcknowledged ? acknowledged : failed)[receiver].increment();
        if (earlierAttempts > 0) {
            retries[receiver].increment();
        }
    }

    @Scheduled(every = "${anshin.metrics.outbox-backlog-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        refresh();
    }

    /** Reads the backlog from the table now. */
    public void refresh() {
        try {
            backlog = events.backlog();
        } catch (RuntimeException e) {
            backlog = null;
            LOG.warnf("could not read the outbox backlog (%s); its gauges are NaN until the next read", e.toString());
        }
    }

    private double backlogEvents() {
        Backlog last = backlog;
        return last == null ? Double.NaN : last.count();
    }

    private double oldestAgeSeconds() {
        Backlog last = backlog;
        if (last == null) {
            return Double.NaN;
        }
        Instant oldest = last.oldestCreatedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toNanos() / 1e9);
    }
}
