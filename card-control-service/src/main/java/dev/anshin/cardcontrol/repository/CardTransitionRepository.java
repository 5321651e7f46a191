package dev.anshin.cardcontrol.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardTransition;
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
}
