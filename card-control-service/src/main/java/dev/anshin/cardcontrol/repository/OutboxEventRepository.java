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
}
