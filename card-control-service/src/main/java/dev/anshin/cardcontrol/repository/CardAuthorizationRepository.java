package dev.anshin.cardcontrol.repository;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.Decision;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class CardAuthorizationRepository implements PanacheRepositoryBase<CardAuthorization, String> {

    /** Approvals on the card decided after the instant (the velocity rule). */
    public long countApprovalsSince(String cardId, Instant since) {
        return count("cardId = ?1 and decision = ?2 and decidedAt > ?3", cardId, Decision.APPROVED, since);
    }
}
