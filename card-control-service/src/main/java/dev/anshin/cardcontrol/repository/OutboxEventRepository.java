package dev.anshin.cardcontrol.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.cardcontrol.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxEventRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /**
     * Claims up to {@code limit} due events for this relay until {@code leaseEnd}. Two instances may pick the same
     * candidates, but the conditional update gives each event to one of them only; events of an instance that died
     * mid-delivery become due again when its lease ends. (No SKIP LOCKED: H2, used by ./anshin up, lacks it.)
     */
    @Transactional
    public List<OutboxEvent> claimDue(Instant now, Instant leaseEnd, int limit) {
        List<String> candidates = getEntityManager()
                .createQuery("select e.id from OutboxEvent e where e.deliveredAt is null and e.nextAttemptAt <= ?1"
                        + " and (e.claimedUntil is null or e.claimedUntil < ?1) order by e.nextAttemptAt", String.class)
                .setParameter(1, now)
                .setMaxResults(limit)
                .getResultList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        String token = UUID.randomUUID().toString();
        update("claimToken = ?1, claimedUntil = ?2 where id in ?3 and deliveredAt is null"
                + " and (claimedUntil is null or claimedUntil < ?4)", token, leaseEnd, candidates, now);
        // By primary key: claim_token has no index, and the table keeps every delivered event.
        return list("id in ?1 and claimToken = ?2 order by createdAt", candidates, token);
    }

    /** The receivers acknowledged these events. */
    @Transactional
    public void markDelivered(List<String> eventIds, Instant at) {
        if (!eventIds.isEmpty()) {
            update("deliveredAt = ?1, claimedUntil = null, claimToken = null where id in ?2", at, eventIds);
        }
    }

    /** The delivery failed; try again at {@code nextAttemptAt}. */
    @Transactional
    public void markFailed(OutboxEvent event, Instant nextAttemptAt, String error) {
        update("attempts = attempts + 1, nextAttemptAt = ?1, lastError = ?2, claimedUntil = null, claimToken = null"
                + " where id = ?3 and claimToken = ?4", nextAttemptAt, error, event.id, event.claimToken);
    }

    /**
     * Deletes up to {@code limit} events acknowledged before {@code before} (oldest first, found through the index on
     * {@code delivered_at}); an event not yet acknowledged is never touched. The number deleted.
     */
    @Transactional
    public int deleteDeliveredBefore(Instant before, int limit) {
        List<String> expired = getEntityManager()
                .createQuery("select e.id from OutboxEvent e where e.deliveredAt < ?1 order by e.deliveredAt", String.class)
                .setParameter(1, before)
                .setMaxResults(limit)
                .getResultList();
        return expired.isEmpty() ? 0 : (int) delete("id in ?1 and deliveredAt is not null", expired);
    }

    /** Events not yet acknowledged (for health and tests). */
    public long countUndelivered() {
        return count("deliveredAt is null");
    }
}
