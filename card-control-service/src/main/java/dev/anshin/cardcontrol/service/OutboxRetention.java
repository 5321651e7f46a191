package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the outbox from growing forever: every approval leaves a row behind, a few hundred bytes, so a day of a
 * busy card network is millions. Acknowledged events are deleted once {@link OutboxConfig#retention()} has passed since
 * their acknowledgement, a thousand per transaction so that no statement holds locks for long; events still waiting
 * for their receiver stay, whatever their age. Every instance may run it: two deleting the same rows at once only
 * find fewer.
 */
@ApplicationScoped
public class OutboxRetention {

    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);
    private static final int ROWS_PER_TRANSACTION = 1_000;

    private final OutboxEventRepository events;
    private final OutboxConfig config;
    private final Clock clock;

    public OutboxRetention(OutboxEventRepository events, OutboxConfig config, Clock clock) {
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${anshin.outbox.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** Deletes every event acknowledged longer ago than the retention; how many. */
    public long purge() {
        Instant before = clock.instant().minus(config.retention());
        long deleted = 0;
        int last;
        do {
            last = events.deleteDeliveredBefore(before, ROWS_PER_TRANSACTION);
            deleted += last;
        } while (last == ROWS_PER_TRANSACTION);
        if (deleted > 0) {
            LOG.infof("deleted %d outbox events acknowledged before %s", deleted, before);
        }
        return deleted;
    }
}
