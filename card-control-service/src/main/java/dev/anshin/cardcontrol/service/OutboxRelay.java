package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.common.collect.Lists;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.client.NotificationClient;
import dev.anshin.cardcontrol.client.StatementClient;
import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.DecisionLedger.FailedDelivery;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers outbox events until each receiver acknowledges: at least once, in batches (one call per receiver for
 * what is due, answered item by item), retried with exponential back-off and jitter, never given up (a failure is
 * recorded on the event, and the next attempt scheduled). Receivers deduplicate on the event id, so a delivery
 * repeated after a crash between "acknowledged" and "marked delivered" is harmless.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The most items a receiver takes in one batch call (their contracts say 500). */
    static final int MAX_ITEMS_PER_CALL = 500;

    private final DecisionLedger ledger;
    private final StatementClient statement;
    private final NotificationClient notification;
    private final OutboxConfig config;
    private final Clock clock;

    public OutboxRelay(DecisionLedger ledger, StatementClient statement, NotificationClient notification,
            OutboxConfig config, Clock clock) {
        this.ledger = ledger;
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
            batch = ledger.inTransaction(tx -> tx.claimDue(now, now.plus(config.claimLease()), config.batchSize()));
            deliver(batch);
        } while (batch.size() == config.batchSize());
    }

    /**
     * Sends the whole batch at once: one call per receiver for its batched type (each call has its own deadline), one
     * call per usage confirmation; then records the outcomes in one transaction: the acknowledged events in one
     * update, each failure with its own next attempt.
     */
    private void deliver(List<OutboxEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<OutboxEvent> statementItems = new ArrayList<>();
        List<OutboxEvent> usageNotices = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (OutboxEvent event : batch) {
            switch (event.type) {
                case STATEMENT_RECORD_AUTHORIZATION -> statementItems.add(event);
                case NOTIFICATION_USAGE -> usageNotices.add(event);
                case NOTIFICATION_USAGE_CONFIRMATION -> sent.add(sendConfirmation(event));
            }
        }
        for (List<OutboxEvent> part : Lists.partition(statementItems, MAX_ITEMS_PER_CALL)) {
            sendBatch(part, RecordAuthorizationRequest.parser(), sent, items -> Futures.transform(
                    statement.recordAuthorizations(RecordAuthorizationsRequest.newBuilder().addAllItems(items).build()),
                    RecordAuthorizationsResponse::getResultsList, MoreExecutors.directExecutor()));
        }
        for (List<OutboxEvent> part : Lists.partition(usageNotices, MAX_ITEMS_PER_CALL)) {
            sendBatch(part, NotifyUsageRequest.parser(), sent, items -> Futures.transform(
                    notification.notifyUsages(NotifyUsagesRequest.newBuilder().addAllItems(items).build()),
                    NotifyUsagesResponse::getResultsList, MoreExecutors.directExecutor()));
        }

        List<String> delivered = new ArrayList<>(batch.size());
        List<FailedDelivery> failed = new ArrayList<>();
        for (Sent call : sent) {
            List<ItemResult> results;
            try {
                results = call.results().get();
                checkAnswered(call.events(), results);
            } catch (ExecutionException e) {
                failAll(call.events(), describe(e.getCause()), failed);
                continue;
            } catch (IllegalStateException e) {
                failAll(call.events(), e.getMessage(), failed);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failAll(call.events(), "interrupted", failed);
                continue;
            }
            for (int i = 0; i < results.size(); i++) {
                ItemResult result = results.get(i);
                if (result.getCode() == Status.Code.OK.value()) {
                    delivered.add(call.events().get(i).id);
                } else {
                    failed.add(fail(call.events().get(i), describe(result)));
                }
            }
        }
        Instant now = clock.instant();
        ledger.inTransaction(tx -> {
            tx.markDelivered(delivered, now);
            tx.markFailed(failed);
            return null;
        });
    }

    /** Events sent in one call, and the receiver's answer for each of them, in the same order. */
    private record Sent(List<OutboxEvent> events, ListenableFuture<List<ItemResult>> results) {
    }

    /**
     * One call for {@code batch}, built from the events' payloads. An event whose payload cannot be read (impossible
     * for events this service wrote) is failed on its own, loudly, rather than dropped or allowed to hold back the rest.
     */
    private <T extends Message> void sendBatch(List<OutboxEvent> batch, Parser<T> parser, List<Sent> sent,
            Function<List<T>, ListenableFuture<List<ItemResult>>> call) {
        List<OutboxEvent> included = new ArrayList<>(batch.size());
        List<T> items = new ArrayList<>(batch.size());
        for (OutboxEvent event : batch) {
            try {
                items.add(parser.parseFrom(event.payload));
                included.add(event);
            } catch (InvalidProtocolBufferException e) {
                sent.add(new Sent(List.of(event), Futures.immediateFailedFuture(new IllegalStateException("unreadable payload"))));
            }
        }
        if (!included.isEmpty()) {
            sent.add(new Sent(included, guarded(() -> call.apply(items))));
        }
    }

    private Sent sendConfirmation(OutboxEvent event) {
        ListenableFuture<List<ItemResult>> answered;
        try {
            StartUsageConfirmationRequest request = StartUsageConfirmationRequest.parseFrom(event.payload);
            answered = guarded(() -> Futures.transform(notification.startUsageConfirmation(request),
                    response -> List.of(ItemResult.newBuilder().setKey(event.eventId).build()), MoreExecutors.directExecutor()));
        } catch (InvalidProtocolBufferException e) {
            answered = Futures.immediateFailedFuture(new IllegalStateException("unreadable payload"));
        }
        return new Sent(List.of(event), answered);
    }

    /** A call that could not even start (e.g. no token could be obtained) fails like any other: its events wait. */
    private static ListenableFuture<List<ItemResult>> guarded(Supplier<ListenableFuture<List<ItemResult>>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return Futures.immediateFailedFuture(e);
        }
    }

    /** A receiver must answer each item, in order; an answer that does not is not trusted for any of them. */
    private static void checkAnswered(List<OutboxEvent> sent, List<ItemResult> results) {
        if (results.size() != sent.size()) {
            throw new IllegalStateException("receiver answered " + results.size() + " results for " + sent.size() + " items");
        }
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).getKey().equals(sent.get(i).eventId)) {
                throw new IllegalStateException("receiver answered result " + i + " for another item");
            }
        }
    }

    private static String describe(ItemResult result) {
        return Status.fromCodeValue(result.getCode()).getCode() + (result.getMessage().isEmpty() ? "" : ": " + result.getMessage());
    }

    private static String describe(Throwable failure) {
        if (failure instanceof StatusRuntimeException e) {
            return e.getStatus().getCode() + (e.getStatus().getDescription() != null ? ": " + e.getStatus().getDescription() : "");
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() != null ? ": " + failure.getMessage() : "");
    }

    private FailedDelivery fail(OutboxEvent event, String error) {
        FailedDelivery failure = retryLater(event, error);
        LOG.warnf("delivery of %s %s failed (attempt %d: %s); next attempt at %s", event.type, event.eventId,
                event.attempts + 1, failure.error(), failure.nextAttemptAt());
        return failure;
    }

    /** A whole call failed: every event in it waits for its own next attempt; one log line for the call. */
    private void failAll(List<OutboxEvent> sent, String error, List<FailedDelivery> failed) {
        Instant soonest = Instant.MAX;
        for (OutboxEvent event : sent) {
            FailedDelivery failure = retryLater(event, error);
            failed.add(failure);
            soonest = failure.nextAttemptAt().isBefore(soonest) ? failure.nextAttemptAt() : soonest;
        }
        LOG.warnf("delivery of %d %s event(s) failed (%s); next attempt at %s or later", sent.size(), sent.get(0).type,
                bounded(error), soonest);
    }

    private FailedDelivery retryLater(OutboxEvent event, String error) {
        return new FailedDelivery(event, clock.instant().plus(backoff(event.attempts + 1)), bounded(error));
    }

    private static String bounded(String error) {
        return error.length() > 500 ? error.substring(0, 500) : error;
    }

    /** initial × 2^(attempt-1), capped, ±20 % so that a burst of failures does not retry in lockstep. */
    public Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), initial << Math.min(attempt - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
