package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.common.collect.Lists;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.AuthenticationCodeResult;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.client.NotificationClient;
import dev.anshin.cardcontrol.client.StatementClient;
import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.cardcontrol.metrics.OutboxMeters;
import dev.anshin.cardcontrol.repository.AuthenticationLedger;
import dev.anshin.cardcontrol.repository.LocalTransactions;
import dev.anshin.cardcontrol.repository.OutboxLedger;
import dev.anshin.cardcontrol.repository.OutboxLedger.FailedDelivery;
import dev.anshin.cardcontrol.threeds.service.AuthenticationCodes;
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

    private final LocalTransactions transactions;
    private final OutboxLedger ledger;
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
    @Inject
    OutboxMeters meters;
    @Inject
    AuthenticationLedger authentications;
    @Inject
    AuthenticationCodes codes;

    public OutboxRelay(LocalTransactions transactions, OutboxLedger ledger, StatementClient statement,
            NotificationClient notification, OutboxConfig config, Clock clock) {
        this.transactions = transactions;
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
            int released = transactions.inTransaction(tx -> ledger.releaseClaims(tx, claimToken));
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
            batch = transactions.inTransaction(
                    tx -> ledger.claimDue(tx, now, now.plus(config.claimLease()), config.batchSize()));
            deliver(batch);
        } while (batch.size() == config.batchSize() && running);
    }

    /**
     * Sends the whole batch at once: for each event, each delivery its receiver has not yet acknowledged; one call per
     * receiver for its batched deliveries (each call has its own deadline), one call per usage confirmation, per
     * one-time code, per in-app challenge's push and per card status notice. Then records the outcomes in one transaction: the events every receiver has now acknowledged in one update, each
     * other event with the deliveries acknowledged so far and its own next attempt.
     */
    private void deliver(List<OutboxEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Heard> outcomes = new ArrayList<>(batch.size());
        List<Part> statementItems = new ArrayList<>();
        List<Part> usageNotices = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        List<Part> codeParts = new ArrayList<>();
        List<Part> challengeParts = new ArrayList<>();
        for (OutboxEvent event : batch) {
            Heard outcome = new Heard(event);
            outcomes.add(outcome);
            List<MessageLite> requests;
            try {
                requests = event.requests != null ? event.requests : Outbox.requests(event);
            } catch (InvalidProtocolBufferException e) {
                LOG.errorf("outbox event %s (%s %s) has an unreadable payload; it waits for its next attempt at %s",
                        event.id, event.type, event.eventId, outcome.refused("unreadable payload"));
                continue;
            }
            for (int i = 0; i < requests.size(); i++) {
                if ((event.acknowledgedDeliveries & 1 << i) != 0) {
                    continue;
                }
                Part part = new Part(outcome, i, requests.get(i));
                switch (part.delivery()) {
                    case STATEMENT_RECORD_AUTHORIZATION -> statementItems.add(part);
                    case NOTIFICATION_USAGE -> usageNotices.add(part);
                    case NOTIFICATION_USAGE_CONFIRMATION -> sent.add(send(List.of(part), () -> Futures.transform(
                            notification.startUsageConfirmation((StartUsageConfirmationRequest) part.request()),
                            response -> List.of(ItemResult.newBuilder().setKey(event.eventId).build()),
                            MoreExecutors.directExecutor())));
                    case NOTIFICATION_CARD_STATUS -> sent.add(send(List.of(part), () -> Futures.transform(
                            notification.notifyCardStatusChange((NotifyCardStatusChangeRequest) part.request()),
                            response -> List.of(ItemResult.newBuilder().setKey(event.eventId).build()),
                            MoreExecutors.directExecutor())));
                    case NOTIFICATION_AUTHENTICATION_CODE -> codeParts.add(part);
                    case NOTIFICATION_AUTHENTICATION_CHALLENGE -> challengeParts.add(part);
                }
            }
        }
        List<String> undeliverable = Collections.synchronizedList(new ArrayList<>());
        sendCodes(codeParts, sent, undeliverable);
        sendChallenges(challengeParts, sent);
        for (List<Part> call : Lists.partition(statementItems, MAX_ITEMS_PER_CALL)) {
            sent.add(send(call, () -> Futures.transform(statement.recordAuthorizations(RecordAuthorizationsRequest
                    .newBuilder().addAllItems(requests(call, RecordAuthorizationRequest.class)).build()),
                    RecordAuthorizationsResponse::getResultsList, MoreExecutors.directExecutor())));
        }
        for (List<Part> call : Lists.partition(usageNotices, MAX_ITEMS_PER_CALL)) {
            sent.add(send(call, () -> Futures.transform(notification.notifyUsages(NotifyUsagesRequest
                    .newBuilder().addAllItems(requests(call, NotifyUsageRequest.class)).build()),
                    NotifyUsagesResponse::getResultsList, MoreExecutors.directExecutor())));
        }

        for (Sent call : sent) {
            hear(call);
        }
        List<String> delivered = new ArrayList<>(batch.size());
        List<FailedDelivery> failed = new ArrayList<>();
        for (Heard outcome : outcomes) {
            OutboxEvent event = outcome.event;
            if (outcome.acknowledged == event.type.allDeliveries()) {
                delivered.add(event.id);
            } else {
                failed.add(new FailedDelivery(event, outcome.acknowledged, outcome.refused("not acknowledged"), outcome.error));
            }
        }
        Instant now = clock.instant();
        transactions.inTransaction(tx -> {
            ledger.markDelivered(tx, delivered, now);
            ledger.markFailed(tx, failed);
            authentications.failUndeliverable(tx, undeliverable, now);
            return null;
        });
    }

    /**
     * The SMS challenges' codes, each in its own call: the stored request has no code, so it is derived here, under
     * the key its challenge recorded, and lives only in this call's request. A challenge no longer pending (answered,
     * failed, expired: say the receiver was down for its five minutes) needs no code: acknowledged without a call. A
     * code notification-service could not send (no phone number on file) fails its challenge, in the pass's outcome
     * transaction ({@code undeliverable}).
     */
    private void sendCodes(List<Part> parts, List<Sent> sent, List<String> undeliverable) {
        if (parts.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(parts.size());
        for (Part part : parts) {
            ids.add(((SendAuthenticationCodeRequest) part.request()).getChallengeId());
        }
        Map<String, AuthenticationLedger.Challenge> challenges = transactions.inTransaction(
                tx -> authentications.challenges(tx, ids));
        Instant now = clock.instant();
        for (Part part : parts) {
            SendAuthenticationCodeRequest stored = (SendAuthenticationCodeRequest) part.request();
            AuthenticationLedger.Challenge challenge = challenges.get(stored.getChallengeId());
            if (challenge == null || !challenge.pendingAt(now)) {
                part.outcome().acknowledged |= part.bit();
                continue;
            }
            if (!codes.knows(challenge.keyId())) {
                LOG.errorf("outbox event %s: no authentication-code key %s is configured; it waits for its next attempt at %s",
                        part.outcome().event.id, challenge.keyId(), part.outcome().refused("no key for the code"));
                continue;
            }
            String eventId = part.outcome().event.eventId;
            sent.add(send(List.of(part), () -> Futures.transform(
                    notification.sendAuthenticationCode(stored.toBuilder()
                            .setCode(codes.derive(challenge.keyId(), stored.getChallengeId())).build()),
                    response -> {
                        if (response.getResult() == AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_UNDELIVERABLE) {
                            undeliverable.add(stored.getChallengeId());
                        }
                        return List.of(ItemResult.newBuilder().setKey(eventId).build());
                    },
                    MoreExecutors.directExecutor())));
        }
    }

    /**
     * The in-app challenges' pushes, each in its own call. A challenge no longer waiting (answered, expired: say the
     * receiver was down for its five minutes) needs no prompt: acknowledged without a call, as a code is. What
     * notification-service answers (pushed, or in the app only for a member with no device) changes nothing here:
     * the challenge waits in the app either way.
     */
    private void sendChallenges(List<Part> parts, List<Sent> sent) {
        if (parts.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(parts.size());
        for (Part part : parts) {
            ids.add(((NotifyAuthenticationChallengeRequest) part.request()).getChallengeId());
        }
        Map<String, AuthenticationLedger.Challenge> challenges = transactions.inTransaction(
                tx -> authentications.challenges(tx, ids));
        Instant now = clock.instant();
        for (Part part : parts) {
            NotifyAuthenticationChallengeRequest request = (NotifyAuthenticationChallengeRequest) part.request();
            AuthenticationLedger.Challenge challenge = challenges.get(request.getChallengeId());
            if (challenge == null || !challenge.waitingAt(now)) {
                part.outcome().acknowledged |= part.bit();
                continue;
            }
            String eventId = part.outcome().event.eventId;
            sent.add(send(List.of(part), () -> Futures.transform(
                    notification.notifyAuthenticationChallenge(request),
                    response -> List.of(ItemResult.newBuilder().setKey(eventId).build()),
                    MoreExecutors.directExecutor())));
        }
    }

    /** One delivery of one event: the {@code index}-th of its type's, and its receiver's request. */
    private record Part(Heard outcome, int index, MessageLite request) {

        OutboxEvent.Delivery delivery() {
            return outcome.event.type.deliveries.get(index);
        }

        /** Its bit in the event's acknowledged deliveries. */
        int bit() {
            return 1 << index;
        }
    }

    /** Parts sent in one call, and the receiver's answer for each of them, in the same order. */
    private record Sent(List<Part> parts, ListenableFuture<List<ItemResult>> results) {
    }

    /**
     * What a pass heard back about one event: the deliveries acknowledged by now (those of earlier attempts
     * included), and, once one is refused, the first error and the event's next attempt.
     */
    private final class Heard {

        final OutboxEvent event;
        int acknowledged;
        String error;
        Instant nextAttemptAt;

        Heard(OutboxEvent event) {
            this.event = event;
            this.acknowledged = event.acknowledgedDeliveries;
        }

        /** A delivery was refused: the event is tried again (what was acknowledged is not sent again); when. */
        Instant refused(String why) {
            if (error == null) {
                error = bounded(why);
                nextAttemptAt = clock.instant().plus(backoff(event.attempts + 1));
            }
            return nextAttemptAt;
        }
    }

    private static <T> List<T> requests(List<Part> parts, Class<T> type) {
        List<T> requests = new ArrayList<>(parts.size());
        for (Part part : parts) {
            requests.add(type.cast(part.request()));
        }
        return requests;
    }

    /** A call that could not even start (e.g. no token could be obtained) fails like any other: its events wait. */
    private static Sent send(List<Part> parts, Supplier<ListenableFuture<List<ItemResult>>> call) {
        ListenableFuture<List<ItemResult>> results;
        try {
            results = call.get();
        } catch (RuntimeException e) {
            results = Futures.immediateFailedFuture(e);
        }
        return new Sent(parts, results);
    }

    /**
     * Waits for one call's answer and notes it on its events: each item acknowledged or refused (one log line per
     * refusal), or, when the call failed or its answer cannot be trusted, all of them refused (one log line).
     */
    private void hear(Sent call) {
        List<ItemResult> results;
        String failure;
        try {
            results = call.results().get();
            checkAnswered(call.parts(), results);
            failure = null;
        } catch (ExecutionException e) {
            results = null;
            failure = describe(e.getCause());
        } catch (IllegalStateException e) {
            results = null;
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            results = null;
            failure = "interrupted";
        }
        if (failure != null) {
            Instant soonest = Instant.MAX;
            for (Part part : call.parts()) {
                Instant next = part.outcome().refused(failure);
                meters.attempted(part.delivery(), part.outcome().event.attempts, false);
                soonest = next.isBefore(soonest) ? next : soonest;
            }
            LOG.warnf("delivery of %d %s request(s) failed (%s); next attempt at %s or later", call.parts().size(),
                    call.parts().get(0).delivery(), bounded(failure), soonest);
            return;
        }
        for (int i = 0; i < results.size(); i++) {
            ItemResult result = results.get(i);
            Part part = call.parts().get(i);
            meters.attempted(part.delivery(), part.outcome().event.attempts, result.getCode() == Status.Code.OK.value());
            if (result.getCode() == Status.Code.OK.value()) {
                part.outcome().acknowledged |= part.bit();
            } else {
                OutboxEvent event = part.outcome().event;
                String error = bounded(describe(result));
                Instant next = part.outcome().refused(error);
                LOG.warnf("delivery of %s %s failed (attempt %d: %s); next attempt at %s", part.delivery(), event.eventId,
                        event.attempts + 1, error, next);
            }
        }
    }

    /** A receiver must answer each item, in order; an answer that does not is not trusted for any of them. */
    private static void checkAnswered(List<Part> sent, List<ItemResult> results) {
        if (results.size() != sent.size()) {
            throw new IllegalStateException("receiver answered " + results.size() + " results for " + sent.size() + " items");
        }
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).getKey().equals(sent.get(i).outcome().event.eventId)) {
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
