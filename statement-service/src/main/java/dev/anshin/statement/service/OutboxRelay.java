package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.statement.OutboxEvent;
import dev.anshin.statement.client.CardControlClient;
import dev.anshin.statement.client.NotificationClient;
import dev.anshin.statement.config.OutboxConfig;
import dev.anshin.statement.repository.OutboxEventRepository;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Delivers the outbox: every {@code anshin.outbox.poll-interval} it claims due events with a lease (a transaction of
 * its own), sends each to its receiver outside any transaction, with statement-service's own token and a deadline,
 * then records the outcome: acknowledged (never sent again), or failed and due again after
 * {@code initial-backoff × 2^(attempts)}, capped at {@code max-backoff}, ±20 % jitter — forever: nothing is dropped.
 * Every instance may run one: a claim keeps an event from other relays until it is recorded or its lease runs out (an
 * instance that died mid-pass). Delivery is at least once; receivers apply each event id once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxEventRepository events;
    private final NotificationClient notifications;
    private final CardControlClient cardControl;
    private final OutboxConfig config;
    private final Clock clock;

    public OutboxRelay(OutboxEventRepository events, NotificationClient notifications, CardControlClient cardControl,
            OutboxConfig config, Clock clock) {
        this.events = events;
        this.notifications = notifications;
        this.cardControl = cardControl;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "outbox-relay", every = "${anshin.outbox.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.relayEnabled()) {
            try {
                pass();
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay pass failed (%s); its events are retried", e.getClass().getSimpleName());
            }
        }
    }

    /** One pass: claims what is due, sends it, records each outcome. How many events were acknowledged. */
    public int pass() {
        String token = UUID.randomUUID().toString();
        List<OutboxEvent> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<String> due = events.dueIds(now, config.batchSize());
            if (due.isEmpty() || events.claim(due, token, now, now.plus(config.claimLease())) == 0) {
                return List.<OutboxEvent>of();
            }
            return events.claimedBy(token);
        });
        int acknowledged = 0;
        for (OutboxEvent event : claimed) {
            String error = send(event);
            Instant now = clock.instant();
            if (error == null) {
                QuarkusTransaction.requiringNew().run(() -> events.markDelivered(event.id, token, now));
                acknowledged++;
            } else {
                Instant next = now.plus(backoff(event.attempts + 1));
                QuarkusTransaction.requiringNew().run(() -> events.markFailed(event.id, token, next, error));
            }
        }
        return acknowledged;
    }

    /** Sends one event; null when the receiver acknowledged it, else what went wrong (no personal data: a status). */
    private String send(OutboxEvent event) {
        try {
            switch (event.kind) {
                case STATEMENT_READY -> notifications.notifyStatementReady(NotifyStatementReadyRequest.parseFrom(event.payload));
                case CREDIT_RELEASE -> cardControl.releaseAuthorization(ReleaseAuthorizationRequest.parseFrom(event.payload));
                case STATEMENT_PAID -> cardControl.recordStatementPaid(RecordStatementPaidRequest.parseFrom(event.payload));
                case STATEMENT_OVERDUE -> cardControl.recordStatementOverdue(RecordStatementOverdueRequest.parseFrom(event.payload));
            }
            return null;
        } catch (StatusRuntimeException e) {
            String error = event.kind + " refused: " + e.getStatus().getCode();
            LOG.infof("outbox event %s (%s) not delivered: %s; retried later", event.id, event.kind, e.getStatus().getCode());
            return error;
        } catch (InvalidProtocolBufferException e) {
            return event.kind + " payload unreadable";
        } catch (RuntimeException e) {
            // A token the identity provider did not give in time, a channel that could not be built...
            LOG.infof("outbox event %s (%s) not delivered: %s; retried later", event.id, event.kind, e.getClass().getSimpleName());
            return event.kind + " not sent: " + e.getClass().getSimpleName();
        }
    }

    /** The wait before attempt {@code attempt + 1}: doubling from the initial back-off, capped, ±20 % jitter. */
    Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long wait = attempt >= 30 ? max : Math.min(max, initial << Math.max(0, attempt - 1));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (wait * jitter)));
    }
}
