package dev.anshin.cardcontrol.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The statements of {@link dev.anshin.cardcontrol.service.CreditService}: native SQL that MySQL 8, MariaDB and H2 all
 * accept, in the caller's transaction. Outstanding amounts change here in SQL, like the decisions' reserve
 * ({@link DecisionLedger}), never through the entities' fields.
 */
@ApplicationScoped
public class CreditLedger {

    private final EntityManager em;

    public CreditLedger(EntityManager em) {
        this.em = em;
    }

    /** An approved authorization: what it reserved, on which card and account. */
    public record Approved(String cardId, String accountId, long amount) {
    }

    public Optional<Approved> approved(String authorizationId) {
        List<?> rows = em.createNativeQuery("SELECT a.card_id, c.account_id, a.amount FROM card_authorization a"
                + " JOIN card c ON c.id = a.card_id WHERE a.authorization_id = ?1 AND a.decision = 'APPROVED'")
                .setParameter(1, authorizationId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Approved((String) row[0], (String) row[1], ((Number) row[2]).longValue()));
    }

    public Optional<String> accountOf(String memberId) {
        return em.createNativeQuery("SELECT id FROM credit_account WHERE member_id = ?1", String.class)
                .setParameter(1, memberId).getResultStream().map(String.class::cast).findFirst();
    }

    /** Locks the cards, in id order (the order every path locks cards in). */
    public void lockCards(Collection<String> cardIds) {
        if (!cardIds.isEmpty()) {
            em.createNativeQuery("SELECT id FROM card WHERE id IN (?1) ORDER BY id FOR UPDATE")
                    .setParameter(1, List.copyOf(cardIds)).getResultList();
        }
    }

    /** Locks those of the cards that are the account's, in id order; their ids. */
    public List<String> lockCardsOfAccount(String accountId, Collection<String> cardIds) {
        if (cardIds.isEmpty()) {
            return List.of();
        }
        List<String> locked = new ArrayList<>();
        for (Object id : em.createNativeQuery("SELECT id FROM card WHERE account_id = ?1 AND id IN (?2) ORDER BY id FOR UPDATE")
                .setParameter(1, accountId).setParameter(2, List.copyOf(cardIds)).getResultList()) {
            locked.add((String) id);
        }
        return locked;
    }

    public void lockAccount(String accountId) {
        em.createNativeQuery("SELECT id FROM credit_account WHERE id = ?1 FOR UPDATE").setParameter(1, accountId)
                .getResultList();
    }

    /** Whether the event (or, given, a release of the authorization) was applied before. */
    public boolean applied(String eventId, String authorizationId) {
        return !em.createNativeQuery("SELECT event_id FROM credit_event WHERE event_id = ?1 OR authorization_id = ?2")
                .setParameter(1, eventId).setParameter(2, authorizationId == null ? "" : authorizationId)
                .getResultList().isEmpty();
    }

    public void record(String eventId, String kind, String accountId, String authorizationId, String statementId,
            long amount, Instant at) {
        em.createNativeQuery("INSERT INTO credit_event (event_id, kind, account_id, authorization_id, statement_id,"
                + " amount, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, eventId).setParameter(2, kind).setParameter(3, accountId)
                .setParameter(4, authorizationId).setParameter(5, statementId).setParameter(6, amount)
                .setParameter(7, at.atOffset(ZoneOffset.UTC).toLocalDateTime()).executeUpdate();
    }

    /** Lowers the account's outstanding amount, and each card's by its part, never below zero. */
    public void giveBack(String accountId, long amount, Map<String, Long> byCard) {
        em.createNativeQuery("UPDATE credit_account SET outstanding = GREATEST(outstanding - ?1, 0) WHERE id = ?2")
                .setParameter(1, amount).setParameter(2, accountId).executeUpdate();
        byCard.forEach((card, part) -> em.createNativeQuery(
                "UPDATE card SET outstanding = GREATEST(outstanding - ?1, 0) WHERE id = ?2")
                .setParameter(1, part).setParameter(2, card).executeUpdate());
    }

    /** Whether the statement is overdue (true) or paid (false); empty when never reported. Locked. */
    public Optional<Boolean> standing(String statementId) {
        List<?> rows = em.createNativeQuery("SELECT overdue FROM statement_standing WHERE statement_id = ?1 FOR UPDATE")
                .setParameter(1, statementId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(bool(rows.get(0)));
    }

    public void insertStanding(String statementId, String accountId, boolean overdue, Instant at) {
        em.createNativeQuery("INSERT INTO statement_standing (statement_id, account_id, overdue, changed_at)"
                + " VALUES (?1, ?2, ?3, ?4)").setParameter(1, statementId).setParameter(2, accountId)
                .setParameter(3, overdue).setParameter(4, at.atOffset(ZoneOffset.UTC).toLocalDateTime()).executeUpdate();
    }

    public void setStanding(String statementId, boolean overdue, Instant at) {
        em.createNativeQuery("UPDATE statement_standing SET overdue = ?1, changed_at = ?2 WHERE statement_id = ?3")
                .setParameter(1, overdue).setParameter(2, at.atOffset(ZoneOffset.UTC).toLocalDateTime())
                .setParameter(3, statementId).executeUpdate();
    }

    /** Adds to the account's count of overdue statements (the decision declines while it is above zero). */
    public void addOverdue(String accountId, int delta) {
        em.createNativeQuery("UPDATE credit_account SET overdue_statements = GREATEST(overdue_statements + ?1, 0)"
                + " WHERE id = ?2").setParameter(1, delta).setParameter(2, accountId).executeUpdate();
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }
}
