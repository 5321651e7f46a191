package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers outbox events until each receiver acknowledges: at least once, in batches (one call per receiver for
 * what is due, answered item by item), retried with exponential back-off and jitter, never given up (a failure is
 * recorded on the event, and the next attempt scheduled). Receivers deduplicate on the event id, so a delivery
 * repeated after a crash between "acknowledged" and "marked delivered" is harmless.
 * <p>
 * Two ways in. <b>Handed off</b>: a decision's transaction writes its events already claimed by this relay
 * ({@link #handOffClaim}) and, once committed, hands them over in memory ({@link #handOff}); the relay sends them
 * within {@code hand-off-interval} without reading them back, and records the outcome as for any event. <b>Polled</b>:
 * every {@code poll-interval} the relay claims what is due in the table: failed deliveries whose next attempt has
 * come, events written while no relay ran here, and handed-off events whose claim ran out because this instance died.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The most items a receiver takes in one batch call (their contracts say 500). */
    static final int MAX_ITEMS_PER_CALL = 500;

    /** How long the relay waits after a pass failed, so that a database that is down is not asked many times a second. */
    private static final Duration AFTER_FAILED_PASS = Duration.ofSeconds(5);

    /**
     * The most handed-off events waiting in memory; past that, decisions write their events unclaimed and the poll
     * delivers them (a receiver that is down would otherwise have them pile up here).
     */
    static final int MAX_HANDED_OFF = 20_000;

    /** Time left on a handed-off event's claim, beyond one delivery deadline, for recording its outcome. */
    private static final Duration CLAIM_MARGIN = Duration.ofSeconds(5);

    private final DecisionLedger ledger;
    private final StatementClient statement;
    private final NotificationClient notification;
    private final OutboxConfig config;
    private final Clock clock;
    /** This instance's claim on the events handed off to it. */
    private final String claimToken = UUID.randomUUID().toString();
    private final Queue<OutboxEvent> handedOff = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handedOffCount = new AtomicInteger();
    private volatile boolean running;
    private volatile Thread thread;

    public OutboxRelay(DecisionLedger ledger, StatementClient statement, NotificationClient notification,
            OutboxConfig config, Clock clock) {
        this.ledger = ledger;
        this.statement = statement;
        this.notification = notification;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.relayEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::relayWhileRunning, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the relay thread after its pass, then gives up the claims of handed-off events it did not get to, so that
     * the next relay (this instance restarted, or another) takes them at once rather than when their claims run out.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        Thread relay = thread;
        if (relay == null) {
            return;
        }
        running = false;
        LockSupport.unpark(relay);
        try {
            relay.join(config.deliveryDeadline().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handedOff.clear();
        try {
            int released = ledger.inTransaction(tx -> tx.releaseClaims(claimToken));
            if (released > 0) {
                LOG.infof("released %d handed-off outbox events not yet delivered; they are due again", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not release handed-off outbox events (%s); they are due again when their claims run out", e);
        }
    }

    /**
     * The claim under which a transaction about to write events should write them, for handing them off after it
     * commits; {@code null} when they should be written unclaimed, for a relay's poll to find: no relay runs here, or
     * too many are already waiting.
     */
    public Claim handOffClaim(Instant now) {
        if (!running || handedOffCount.get() >= MAX_HANDED_OFF) {
            return null;
        }
        return new Claim(claimToken, now.plus(config.claimLease()));
    }

    /** A claim on events: the relay's token, and until when it holds them. */
    public record Claim(String token, Instant until) {
    }

    /**
     * Events just committed under a {@link #handOffClaim}: sent within {@code hand-off-interval}. If this instance
     * stops first, they are due again when it has released them (or their claim has run out).
     */
    public void handOff(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        handedOff.addAll(events);
        handedOffCount.addAndGet(events.size());
    }

    /**
     * Relays on the relay's own thread: what was handed off every hand-off interval, what is due in the table every
     * poll interval. (Not Quarkus' scheduler, which runs at most once a second: a second's backlog delivered at once
     * was a burst that slowed the decisions running beside it.) A pass that fails (the database gone, say) is logged
     * and the relay waits {@link #AFTER_FAILED_PASS} (or the poll interval, if longer); its events stay due.
     */
    private void relayWhileRunning() {
        long nextPoll = System.nanoTime();
        while (running) {
            Duration wait = config.handOffInterval();
            try {
                deliverHandedOff();
                if (System.nanoTime() - nextPoll >= 0) {
                    relayDue();
                    nextPoll = System.nanoTime() + config.pollInterval().toNanos();
                }
            } catch (RuntimeException e) {
                wait = config.pollInterval().compareTo(AFTER_FAILED_PASS) > 0 ? config.pollInterval() : AFTER_FAILED_PASS;
                LOG.warnf("outbox relay pass failed (%s); trying again in %s", e, wait);
            }
            if (running) {
                LockSupport.parkNanos(wait.toNanos());
            }
        }
    }

    /**
     * Sends what had been handed off when the pass began, a batch at a time (what arrives meanwhile waits for the next
     * pass, so that passes stay whole batches rather than a stream of small ones). An event whose claim would run out
     * before its delivery could be recorded is left to the poll: another relay may take it then, and it must not be
     * sent twice.
     */
    void deliverHandedOff() {
        int left = handedOffCount.get();
        while (running && left > 0) {
            Instant latest = clock.instant().plus(config.deliveryDeadline()).plus(CLAIM_MARGIN);
            List<OutboxEvent> batch = new ArrayList<>(Math.min(left, config.batchSize()));
            OutboxEvent event;
            while (left > 0 && batch.size() < config.batchSize() && (event = handedOff.poll()) != null) {
                handedOffCount.decrementAndGet();
                left--;
                if (event.claimedUntil.isAfter(latest)) {
                    batch.add(event);
                }
            }
            if (batch.isEmpty() && handedOff.isEmpty()) {
                return;
            }
            deliver(batch);
        }
    }

    /** Delivers what is due in the table now, a batch at a time, until a batch comes back short. */
    void relayDue() {
        List<OutboxEvent> batch;
        do {
            Instant now = clock.instant();
            batch = ledger.inTransaction(tx -> tx.claimDue(now, now.plus(config.claimLease()), config.batchSize()));
            deliver(batch);
        } while (batch.size() == config.batchSize() && running);
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
