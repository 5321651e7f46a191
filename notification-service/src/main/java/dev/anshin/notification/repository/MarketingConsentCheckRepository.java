package dev.anshin.notification.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.MarketingConsentCheck;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Marketing notices waiting for consent-service. */
@ApplicationScoped
public class MarketingConsentCheckRepository implements PanacheRepositoryBase<MarketingConsentCheck, String> {

    /**
     * Claims up to {@code limit} checks due at {@code now} and not claimed by a live job, for {@code token} until
     * {@code until}, as the delivery outbox claims its rows: read without locks, then one conditional update.
     */
    public List<MarketingConsentCheck> claimDue(Instant now, String token, Instant until, int limit) {
        List<String> candidates = getEntityManager().createQuery("""
                select c.notificationId from MarketingConsentCheck c
                where c.nextCheckAt <= :now and (c.claimedUntil is null or c.claimedUntil < :now)
                order by c.nextCheckAt""", String.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        int claimed = update("claimToken = ?1, claimedUntil = ?2 where notificationId in ?3 and (claimedUntil is null or claimedUntil < ?4)",
                token, until, candidates, now);
        if (claimed == 0) {
            return List.of();
        }
        return list("claimToken", token);
    }
}
