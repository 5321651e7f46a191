package dev.anshin.cardcontrol.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.Decision;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CardAuthorizationRepository implements PanacheRepositoryBase<CardAuthorization, String> {

    /**
     * Approvals on the card decided after the instant (the velocity rule). Plain JPQL: Hibernate caches its
     * translation, where Panache's count() translated it again on every decision (measured with ./anshin bench).
     */
    public long countApprovalsSince(String cardId, Instant since) {
        return getEntityManager()
                .createQuery("select count(a) from CardAuthorization a where a.cardId = ?1 and a.decision = ?2"
                        + " and a.decidedAt > ?3", Long.class)
                .setParameter(1, cardId)
                .setParameter(2, Decision.APPROVED)
                .setParameter(3, since)
                .getSingleResult();
    }
}
