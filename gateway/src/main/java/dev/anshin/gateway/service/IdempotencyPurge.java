package dev.anshin.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Deletes expired Idempotency-Key records now and then ({@code anshin.gateway.idempotency.purge-every}). */
@ApplicationScoped
public class IdempotencyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    private final IdempotencyService idempotency;

    public IdempotencyPurge(IdempotencyService idempotency) {
        this.idempotency = idempotency;
    }

    @Scheduled(identity = "idempotency-key-purge", every = "${anshin.gateway.idempotency.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purgeExpiredKeys() {
        long purged = idempotency.purgeExpired();
        if (purged > 0) {
            LOG.infof("purged %d expired Idempotency-Key records", purged);
        }
    }
}
