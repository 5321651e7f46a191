package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.annotation.PreDestroy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsRequest;
import dev.anshin.api.cardcontrol.v1.UsageConfirmationOutcome;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.notification.ConfirmationState;
import dev.anshin.notification.FollowUp;
import dev.anshin.notification.UsageConfirmation;
import dev.anshin.notification.client.CardControlClient;
import dev.anshin.notification.config.FollowUpConfig;
import dev.anshin.notification.repository.FollowUpRepository;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Relays the follow-up outbox: claims what is due (with a lease, so relays on several instances never make one call
 * at once, and one that dies frees its claims), makes each call outside any transaction, then records the outcome.
 * A failure is retried after initial × 2^(attempt-1), capped, ±20 % jitter, for as long as it takes: an answer or a
 * report the member was told is recorded must reach card-control and the identity provider. At least once: a call
 * whose outcome could not be recorded (a crash) is made again; card-control records each by its id, and ending
 * sessions twice ends nothing more. Right after an answer or report commits, its follow-ups are tried at once
 * ({@link #attemptNow}), so the merchant's retry after a "yes" normally finds card-control told already.
 */
@ApplicationScoped
public class FollowUpRelay {

    private static final Logger LOG = Logger.getLogger(FollowUpRelay.class);

    private final FollowUpRepository followUps;
    private final CardControlClient cardControl;
    private final KeycloakSessions sessions;
    private final EntityManager em;
    private final FollowUpConfig config;
    private final Clock clock;
    /**
     * Where {@link #attemptNow} makes its calls: never on the member's request, whose answer must not wait for
     * card-control or Keycloak (the gateway's deadline is shorter than theirs).
     */
    private final ExecutorService immediate = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "follow-up-now");
        thread.setDaemon(true);
        return thread;
    });

    public FollowUpRelay(FollowUpRepository followUps, CardControlClient cardControl, KeycloakSessions sessions,
            EntityManager em, FollowUpConfig config, Clock clock) {
        this.followUps = followUps;
        this.cardControl = cardControl;
        this.sessions = sessions;
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${anshin.follow-up.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (!config.relayEnabled()) {
            return;
        }
        try {
            relayDue(clock.instant(), sessions.source());
        } catch (RuntimeException e) {
            LOG.warnf("follow-up pass failed (%s); what was due stays due", e.toString());
        }
    }

    /**
     * Tries these follow-ups now, on a thread of its own, when the relay is on (best effort: what fails, or is claimed
     * elsewhere, is left to the relay's passes). Returns at once.
     */
    public void attemptNow(List<String> ids) {
        if (!config.relayEnabled() || ids.isEmpty()) {
            return;
        }
        try {
            immediate.execute(() -> {
                try {
                    relay(clock.instant(), ids, sessions.source());
                } catch (RuntimeException e) {
                    LOG.infof("follow-ups not made at once (%s); the relay retries them", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the rows are there, the next start's relay makes them.
        }
    }

    @PreDestroy
    void stop() {
        immediate.shutdownNow();
    }

    /**
     * Makes every follow-up due at {@code now}, a batch at a time, until nothing due is left unclaimed; sessions are
     * ended at {@code keycloak}. Returns how many it attempted.
     */
    public int relayDue(Instant now, KeycloakLoginEvents.Source keycloak) {
        int attempted = 0;
        int claimed;
        do {
            claimed = relay(now, null, keycloak);
            attempted += claimed;
        } while (claimed == config.batchSize());
        return attempted;
    }

    /** One claim of due follow-ups (those of {@code ids}, or any), each made and its outcome recorded. */
    private int relay(Instant now, List<String> ids, KeycloakLoginEvents.Source keycloak) {
        String token = UUID.randomUUID().toString();
        List<Call> calls = QuarkusTransaction.requiringNew().call(() -> {
            List<Call> claimed = new ArrayList<>();
            for (FollowUp followUp : followUps.claimDue(now, ids, token, now.plus(config.claimLease()), config.batchSize())) {
                claimed.add(call(followUp));
            }
            return claimed;
        });
        for (Call call : calls) {
            String error = make(call, keycloak);
            QuarkusTransaction.requiringNew().run(() -> record(call.id(), token, error, now));
        }
        return calls.size();
    }

    /** A follow-up as the call it makes, read under the claim. */
    private record Call(String id, FollowUp.Kind kind, String subjectId, String memberId,
            RecordUsageConfirmationRequest confirmation) {
    }

    private Call call(FollowUp followUp) {
        RecordUsageConfirmationRequest confirmation = null;
        if (followUp.kind == FollowUp.Kind.CARD_CONTROL_CONFIRMATION) {
            UsageConfirmation answered = em.find(UsageConfirmation.class, followUp.subjectId);
            confirmation = RecordUsageConfirmationRequest.newBuilder()
                    .setConfirmationId(answered.id)
                    .setAuthorizationId(answered.eventId)
                    .setMemberId(MemberId.newBuilder().setValue(answered.memberId))
                    .setOutcome(answered.state == ConfirmationState.VERIFIED
                            ? UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_VERIFIED
                            : UsageConfirmationOutcome.USAGE_CONFIRMATION_OUTCOME_DENIED)
                    .setAnsweredAt(Timestamp.newBuilder().setSeconds(answered.answeredAt.getEpochSecond())
                            .setNanos(answered.answeredAt.getNano()))
                    .build();
        }
        return new Call(followUp.id, followUp.kind, followUp.subjectId, followUp.memberId, confirmation);
    }

    /** Null when done; else what went wrong (a status and its description, never personal data). */
    private String make(Call call, KeycloakLoginEvents.Source keycloak) {
        try {
            switch (call.kind()) {
                case CARD_CONTROL_CONFIRMATION -> cardControl.recordUsageConfirmation(call.confirmation());
                case CARD_CONTROL_SUSPEND_CARDS -> cardControl.suspendMemberCards(SuspendMemberCardsRequest.newBuilder()
                        .setReportId(call.subjectId()).setMemberId(MemberId.newBuilder().setValue(call.memberId())).build());
                case END_SESSIONS -> sessions.endAll(keycloak, call.memberId());
            }
            return null;
        } catch (StatusRuntimeException e) {
            String error = "card-control answered " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription());
            return error.length() > 500 ? error.substring(0, 500) : error;
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return error.length() > 500 ? error.substring(0, 500) : error;
        }
    }

    private void record(String id, String token, String error, Instant now) {
        FollowUp followUp = followUps.findById(id);
        if (followUp == null || !token.equals(followUp.claimToken)) {
            LOG.infof("follow-up %s was claimed by another relay meanwhile; not recording this attempt", id);
            return;
        }
        followUp.attempts++;
        followUp.claimToken = null;
        followUp.claimedUntil = null;
        if (error == null) {
            followUp.state = FollowUp.State.DONE;
            followUp.doneAt = now;
            followUp.lastError = null;
            return;
        }
        followUp.lastError = error;
        followUp.nextAttemptAt = now.plus(backoff(followUp.attempts));
        LOG.warnf("follow-up %s (%s of %s) failed, attempt %d: %s; next attempt at %s", followUp.id, followUp.kind,
                followUp.subjectId, followUp.attempts, error, followUp.nextAttemptAt);
    }

    /** initial × 2^(attempt-1), capped, ±20 % so that a burst of failures does not retry in lockstep. */
    public Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), initial << Math.min(attempt - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
