package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.client.NotificationClient;
import dev.anshin.cardcontrol.client.StatementClient;
import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import io.grpc.StatusRuntimeException;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers outbox events until each receiver acknowledges: at least once, retried with exponential back-off and
 * jitter, never given up (a failure is recorded on the event, and the next attempt scheduled). Receivers deduplicate
 * on the event id, so a delivery repeated after a crash between "acknowledged" and "marked delivered" is harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxEventRepository events;
    private final StatementClient statement;
    private final NotificationClient notification;
    private final OutboxConfig config;
    private final Clock clock;

    public OutboxRelay(OutboxEventRepository events, StatementClient statement, NotificationClient notification,
            OutboxConfig config, Clock clock) {
        this.events = events;
        this.statement = statement;
        this.notification = notification;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${anshin.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (!config.relayEnabled()) {
            return;
        }
        List<OutboxEvent> batch;
        do {
            Instant now = clock.instant();
            batch = events.claimDue(now, now.plus(config.claimLease()), config.batchSize());
            deliver(batch);
        } while (batch.size() == config.batchSize());
    }

    /**
     * Sends the whole batch at once (each call has its own deadline), then records the outcomes: the acknowledged
     * ones in one update, each failure with its own next attempt.
     */
    private void deliver(List<OutboxEvent> batch) {
        List<ListenableFuture<?>> calls = new ArrayList<>(batch.size());
        for (OutboxEvent event : batch) {
            calls.add(send(event));
        }
        List<String> delivered = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            OutboxEvent event = batch.get(i);
            try {
                calls.get(i).get();
                delivered.add(event.id);
            } catch (ExecutionException e) {
                fail(event, describe(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(event, "interrupted");
            }
        }
        events.markDelivered(delivered, clock.instant());
    }

    private ListenableFuture<?> send(OutboxEvent event) {
        try {
            return switch (event.type) {
                case STATEMENT_RECORD_AUTHORIZATION -> statement.recordAuthorization(RecordAuthorizationRequest.parseFrom(event.payload));
                case NOTIFICATION_USAGE -> notification.notifyUsage(NotifyUsageRequest.parseFrom(event.payload));
                case NOTIFICATION_USAGE_CONFIRMATION -> notification.startUsageConfirmation(StartUsageConfirmationRequest.parseFrom(event.payload));
            };
        } catch (InvalidProtocolBufferException e) {
            // Cannot happen for events this service wrote; keep the event, loudly, rather than drop it.
            return Futures.immediateFailedFuture(new IllegalStateException("unreadable payload"));
        } catch (RuntimeException e) {
            // e.g. no token could be obtained: the event waits for its next attempt like any failure.
            return Futures.immediateFailedFuture(e);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof StatusRuntimeException e) {
            return e.getStatus().getCode() + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : "");
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() != null ? ": " + failure.getMessage() : "");
    }

    private void fail(OutboxEvent event, String error) {
        int attempt = event.attempts + 1;
        Duration wait = backoff(attempt);
        String bounded = error.length() > 500 ? error.substring(0, 500) : error;
        events.markFailed(event, clock.instant().plus(wait), bounded);
        LOG.warnf("delivery of %s %s failed (attempt %d: %s); next attempt in %d ms", event.type, event.eventId, attempt,
                bounded, wait.toMillis());
    }

    /** initial × 2^(attempt-1), capped, ±20 % so that a burst of failures does not retry in lockstep. */
    public Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), initial << Math.min(attempt - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
