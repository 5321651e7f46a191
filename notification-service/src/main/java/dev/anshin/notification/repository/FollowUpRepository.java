package dev.anshin.notification.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.FollowUp;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The follow-up outbox. */
@ApplicationScoped
public class FollowUpRepository implements PanacheRepositoryBase<FollowUp, String> {

    /**
     * Claims up to {@code limit} pending follow-ups due at {@code now} (all of them with {@code ids} null, else only
     * those) and not claimed by a live relay, for {@code token} until {@code until}; returns those this claim won.
     * Candidates are read without locks, then claimed by one conditional update, as the delivery outbox does.
     */
    public List<FollowUp> claimDue(Instant now, List<String> ids, String token, Instant until, int limit) {
        var query = getEntityManager().createQuery("""
                select f.id from FollowUp f
                where f.state = :pending and f.nextAttemptAt <= :now and (f.claimedUntil is null or f.claimedUntil < :now)
                """ + (ids == null ? "" : " and f.id in :ids") + " order by f.nextAttemptAt", String.class)
                .setParameter("pending", FollowUp.State.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit);
        if (ids != null) {
            query.setParameter("ids", ids);
        }
        List<String> candidates = query.getResultList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        int claimed = update("""
                claimToken = ?1, claimedUntil = ?2
                where id in ?3 and state = ?4 and (claimedUntil is null or claimedUntil < ?5)""",
                token, until, candidates, FollowUp.State.PENDING, now);
        if (claimed == 0) {
            return List.of();
        }
        return list("claimToken = ?1 and state = ?2", token, FollowUp.State.PENDING);
    }

    public List<FollowUp> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by kind", subjectId);
    }
}
