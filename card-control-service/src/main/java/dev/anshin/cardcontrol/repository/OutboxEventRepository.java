package dev.anshin.cardcontrol.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.cardcontrol.OutboxEvent;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class OutboxEventRepository implements PanacheRepositoryBase<OutboxEvent, String> {

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

    /**
     * The events some receiver has not yet acknowledged: how many, and when the oldest of them was written (null when
     * there is none). The count and the least id read only the index on {@code delivered_at} (its entries hold the
     * id), never the rows; ids are time-ordered (UUID version 7), so the least is the oldest, and its row is read once.
     */
    @Transactional
    public Backlog backlog() {
        Object[] waiting = getEntityManager()
                .createQuery("select count(e), min(e.id) from OutboxEvent e where e.deliveredAt is null", Object[].class)
                .getSingleResult();
        long count = ((Number) waiting[0]).longValue();
        String oldestId = (String) waiting[1];
        Instant oldest = oldestId == null ? null : getEntityManager()
                .createQuery("select e.createdAt from OutboxEvent e where e.id = ?1", Instant.class)
                .setParameter(1, oldestId)
                .getResultStream().findFirst().orElse(null);
        return new Backlog(count, oldest);
    }

    /** Events waiting for a receiver, and when the oldest was written (null: none, or delivered meanwhile). */
    public record Backlog(long count, Instant oldestCreatedAt) {
    }
}
