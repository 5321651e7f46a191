package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.statement.AuthorizationRelease;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.ReleaseReason;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.config.StatementConfig;
import dev.anshin.statement.repository.AuthorizationReleaseRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Authorizations that are never cleared do not hold the member's credit forever: a pending item authorized
 * {@code anshin.statement.authorization-expiry.days} days ago or longer (default 30) expires, leaves the usage list,
 * and a release of its reserved credit is recorded. A clearing record presented later still posts it.
 * <p>
 * Runs every {@code anshin.statement.authorization-expiry.every} (off in tests, which call {@link #expire()}), a batch
 * of items per transaction, each locked ({@code SELECT ... FOR UPDATE}): a clearing record or a reversal of the same
 * item waits for it, or it for them. Every instance may run it; two at once only take turns.
 */
@ApplicationScoped
public class AuthorizationExpiry {

    private static final Logger LOG = Logger.getLogger(AuthorizationExpiry.class);

    private final CardTransactionRepository items;
    private final AuthorizationReleaseRepository releases;
    private final Outbox outbox;
    private final StatementConfig.AuthorizationExpiry config;
    private final Clock clock;

    public AuthorizationExpiry(CardTransactionRepository items, AuthorizationReleaseRepository releases, Outbox outbox,
            StatementConfig config, Clock clock) {
        this.items = items;
        this.releases = releases;
        this.outbox = outbox;
        this.config = config.authorizationExpiry();
        this.clock = clock;
    }

    /** A setting that would expire every authorization at once is refused at start, not at the first run. */
    void checkSettings(@jakarta.enterprise.event.Observes StartupEvent startup) {
        if (config.days() < 1 || config.batchSize() < 1) {
            throw new IllegalStateException(
                    "anshin.statement.authorization-expiry.days and .batch-size must be at least 1");
        }
    }

    @Scheduled(identity = "authorization-expiry", every = "${anshin.statement.authorization-expiry.every:1h}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        expire();
    }

    /** Expires every pending item authorized at least the configured number of days ago; how many. */
    public long expire() {
        Instant now = UsageRules.now(clock);
        Instant cutoff = now.minus(Duration.ofDays(config.days()));
        long expired = 0;
        Batch batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> expireBatch(cutoff, now));
            expired += batch.expired();
        } while (batch.found() == config.batchSize());
        if (expired > 0) {
            LOG.infof("expired %d authorizations not cleared within %d days (authorized up to %s); their credit is due back",
                    expired, config.days(), cutoff);
        }
        return expired;
    }

    /** One transaction's work: items found due, and of those, expired. */
    private record Batch(int found, int expired) {
    }

    private Batch expireBatch(Instant cutoff, Instant now) {
        List<CardTransaction> due = items.lockPendingUsedUpTo(cutoff, config.batchSize());
        if (due.isEmpty()) {
            return new Batch(0, 0);
        }
        int expired = 0;
        Set<String> released = new HashSet<>();
        releases.lockAll(due.stream().map(item -> item.authorizationId).toList())
                .forEach(release -> released.add(release.authorizationId));
        for (CardTransaction item : due) {
            // Locked, so no one else changes it now; a release already there (never expected) is not written twice.
            if (item.status != TransactionStatus.PENDING) {
                continue;
            }
            item.status = TransactionStatus.EXPIRED;
            expired++;
            if (released.add(item.authorizationId)) {
                releases.persist(AuthorizationRelease.of(item.authorizationId, ReleaseReason.EXPIRED, now, now));
                outbox.release(item.authorizationId, ReleaseReason.EXPIRED);
            }
        }
        return new Batch(due.size(), expired);
    }
}
