package dev.anshin.notification.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Delivery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The delivery outbox. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, String> {

    /**
     * Claims up to {@code limit} pending deliveries due at {@code now} and not claimed by a live relay, for
     * {@code token} until {@code until}; returns those this claim won. Candidates are read without locks, then claimed
     * by one conditional update: two relays reading the same candidates cannot both win one.
     */
    public List<Delivery> claimDue(Instant now, String token, Instant until, int limit) {
        List<String> candidates = getEntityManager().createQuery("""
                select d.id from Delivery d
                where d.state = :pending and d.nextAttemptAt <= :now and (d.claimedUntil is null or d.claimedUntil < :now)
                order by d.nextAttemptAt""", String.class)
                .setParameter("pending", Delivery.State.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        int claimed = update("""
                claimToken = ?1, claimedUntil = ?2
                where id in ?3 and state = ?4 and (claimedUntil is null or claimedUntil < ?5)""",
                token, until, candidates, Delivery.State.PENDING, now);
        if (claimed == 0) {
            return List.of();
        }
        // By primary key: claim_token has no index, and the table holds every delivery ever made.
        return list("id in ?1 and claimToken = ?2 and state = ?3", candidates, token, Delivery.State.PENDING);
    }

    /** Dead letters oldest first after the cursor (last attempt, id). */
    public List<Delivery> deadAfter(Instant lastAttemptAt, String id, int limit) {
        if (lastAttemptAt == null) {
            return find("state = ?1 order by lastAttemptAt, id", Delivery.State.DEAD).page(0, limit).list();
        }
        return find("state = ?1 and (lastAttemptAt > ?2 or (lastAttemptAt = ?2 and id > ?3)) order by lastAttemptAt, id",
                Delivery.State.DEAD, lastAttemptAt, id).page(0, limit).list();
    }
}
