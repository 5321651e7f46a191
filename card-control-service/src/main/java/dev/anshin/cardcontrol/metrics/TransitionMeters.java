package dev.anshin.cardcontrol.metrics;

import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.anshin.cardcontrol.TransitionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Entries of cards' histories by kind, {@code anshin_card_transitions_total{kind}} (a {@link TransitionReason}:
 * {@code TEMPORARY_STOP}, {@code REPORTED_LOST}, ...), counted when their transaction commits: a change that lost a
 * race and rolled back did not happen.
 */
@Startup
@Singleton
public class TransitionMeters {

    static final String TRANSITIONS = "anshin.card.transitions";

    private final Counter[] byKind = new Counter[TransitionReason.values().length];
    private final TransactionSynchronizationRegistry transactions;

    public TransitionMeters(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        for (TransitionReason kind : TransitionReason.values()) {
            byKind[kind.ordinal()] = Counter.builder(TRANSITIONS)
                    .description("Entries written to cards' histories (committed), by kind")
                    .tag("kind", kind.name())
                    .register(registry);
        }
    }

    /** A history entry of this kind was written in the current transaction: counted if and when it commits. */
    public void recorded(TransitionReason kind) {
        Counter counter = byKind[kind.ordinal()];
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            counter.increment();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.increment();
                }
            }
        });
    }
}
