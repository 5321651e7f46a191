package dev.anshin.statement.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * The outbox's table. Claims are taken the way card-control's relay takes them: read the due ids (no lock), then
 * one conditional {@code UPDATE} that sets this pass's token only where no live claim is held. Two relays racing for
 * an event meet on its row lock; the second re-reads it claimed and leaves it, so an event is sent by one relay at a
 * time.
 */
@ApplicationScoped
public class OutboxEventRepository implements PanacheRepositoryBase<OutboxEvent, String> {

    /** Ids of events due at {@code now} and not claimed by a live lease, oldest due first. Index {@code ix_outbox_event_due}. */
    public List<String> dueIds(Instant now, int limit) {
        return getEntityManager().createQuery("select e.id from OutboxEvent e where e.deliveredAt is null"
                + " and e.nextAttemptAt <= :now and (e.claimedUntil is null or e.claimedUntil < :now)"
                + " order by e.nextAttemptAt", String.class)
                .setParameter("now", now).setMaxResults(limit).getResultList();
    }

    /** Claims those of the ids still free for {@code token} until {@code leaseEnd}; how many it got. */
    public int claim(List<String> ids, String token, Instant now, Instant leaseEnd) {
        return update("claimToken = ?1, claimedUntil = ?2 where id in ?3 and deliveredAt is null"
                + " and (claimedUntil is null or claimedUntil < ?4)", token, leaseEnd, ids, now);
    }

    /** The events this token holds. */
    public List<OutboxEvent> claimedBy(String token) {
        return list("claimToken = ?1 and deliveredAt is null", token);
    }

    /** The receiver acknowledged it: never sent again (only by the claim's holder). */
    public int markDelivered(String id, String token, Instant at) {
        return update("deliveredAt = ?1, claimToken = null, claimedUntil = null, lastError = null"
                + " where id = ?2 and claimToken = ?3", at, id, token);
    }

    /** It failed: retried at {@code nextAttemptAt}, by whichever relay claims it then. */
    public int markFailed(String id, String token, Instant nextAttemptAt, String error) {
        return update("attempts = attempts + 1, nextAttemptAt = ?1, claimToken = null, claimedUntil = null,"
                + " lastError = ?2 where id = ?3 and claimToken = ?4", nextAttemptAt, error, id, token);
    }
}
