package dev.anshin.cardcontrol.metrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.service.AuthorizationIdReused;
import dev.anshin.cardcontrol.service.DecisionsUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The card network's decisions, counted and timed: {@code anshin_authorization_decisions_total{result, reason}} and
 * {@code anshin_authorization_decision_duration_seconds}. The authorization path is the service's hot path, so every
 * series is registered here once and a decision only increments one counter and records one time (no tag look-up,
 * no lock, nothing per decision in the database).
 */
@Startup
@Singleton
public class DecisionMeters {

    static final String DECISIONS = "anshin.authorization.decisions";
    static final String DURATION = "anshin.authorization.decision.duration";

    /** A request that got no decision: refused unheard, its id reused, or its transaction failed. */
    enum Failure {
        /** Too many waiting for the database, or shutting down ({@link DecisionsUnavailable}). */
        UNAVAILABLE,
        /** A different request under an id already decided ({@link AuthorizationIdReused}). */
        AUTHORIZATION_ID_REUSED,
        /** Its transaction failed: a card locked past the wait timeout, the database lost. */
        TRANSACTION_FAILED
    }

    private final Counter approved;
    private final Counter[] declined = new Counter[DeclineReason.values().length];
    private final Counter[] failed = new Counter[Failure.values().length];
    private final Timer duration;

    public DecisionMeters(MeterRegistry registry) {
        approved = counter(registry, "approved", "none");
        for (DeclineReason reason : DeclineReason.values()) {
            declined[reason.ordinal()] = counter(registry, "declined", reason.name());
        }
        for (Failure failure : Failure.values()) {
            failed[failure.ordinal()] = counter(registry, "failed", failure.name());
        }
        duration = Timer.builder(DURATION)
                .description("Authorization decisions, from the request joining the queue to its transaction committed")
                // Fixed buckets around the service's target (p99 under 10 ms): a record is a search of 12 bounds.
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
                        Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result, String reason) {
        return Counter.builder(DECISIONS)
                .description("Answers to the card network: approved, declined (by decline reason), or failed without a decision")
                .tag("result", result)
                .tag("reason", reason)
                .register(registry);
    }

    /** Counts {@code answer} when it completes, and times a decision from now until then. */
    public void observe(CompletableFuture<CardAuthorization> answer) {
        long started = System.nanoTime();
        answer.whenComplete((decision, failure) -> answered(started, decision, failure));
    }

    private void answered(long started, CardAuthorization decision, Throwable failure) {
        if (failure != null) {
            failed[(failure instanceof DecisionsUnavailable ? Failure.UNAVAILABLE
                    : failure instanceof AuthorizationIdReused ? Failure.AUTHORIZATION_ID_REUSED
                    : Failure.TRANSACTION_FAILED).ordinal()].increment();
            return;
        }
        duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        (decision.declineReason == null ? approved : declined[decision.declineReason.ordinal()]).increment();
    }
}
