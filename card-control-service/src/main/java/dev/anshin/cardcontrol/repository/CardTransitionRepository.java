package dev.anshin.cardcontrol.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardTransition;
import dev.anshin.cardcontrol.TransitionReason;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CardTransitionRepository implements PanacheRepositoryBase<CardTransition, String> {

    /**
     * Up to {@code limit} entries of the card's history older than {@code beforeSequenceNo} (all when it is
     * {@code Long.MAX_VALUE}), newest first. Paging by sequence number neither repeats nor skips as entries are added.
     */
    public List<CardTransition> page(String cardId, long beforeSequenceNo, int limit) {
        return find("cardId = ?1 and sequenceNo < ?2 order by sequenceNo desc", cardId, beforeSequenceNo)
                .page(0, limit)
                .list();
    }

    /** The next entry's sequence number. Call with the card row locked, so two entries never get the same one. */
    /** The history of every card named, by card, oldest first (a disclosure's). */
    public List<CardTransition> ofCards(List<String> cardIds) {
        if (cardIds.isEmpty()) {
            return List.of();
        }
        return find("cardId in ?1 order by cardId, sequenceNo", cardIds).list();
    }

    public long nextSequenceNo(String cardId) {
        Long max = getEntityManager()
                .createQuery("select max(t.sequenceNo) from CardTransition t where t.cardId = ?1", Long.class)
                .setParameter(1, cardId)
                .getSingleResult();
        return max == null ? 1 : max + 1;
    }

    /** The card's latest entry. */
    public Optional<CardTransition> latest(String cardId) {
        return find("cardId = ?1 order by sequenceNo desc", cardId).firstResultOptional();
    }

    /** When entries of this reason were written for the card since the instant, oldest first. */
    public List<Instant> timesSince(String cardId, TransitionReason reason, Instant since) {
        return getEntityManager()
                .createQuery("select t.occurredAt from CardTransition t where t.cardId = ?1 and t.reason = ?2"
                        + " and t.occurredAt > ?3 order by t.occurredAt", Instant.class)
                .setParameter(1, cardId)
                .setParameter(2, reason)
                .setParameter(3, since)
                .getResultList();
    }
}
