package dev.anshin.statement.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.TransactionStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

@ApplicationScoped
public class CardTransactionRepository implements PanacheRepositoryBase<CardTransaction, String> {

    /** The item an authorization created, if it was recorded already (a repeated authorization finds it). */
    public Optional<CardTransaction> findByAuthorizationId(String authorizationId) {
        return find("authorizationId", authorizationId).firstResultOptional();
    }

    /**
     * The same, locked ({@code SELECT ... FOR UPDATE}) for a change. The read waits for a transaction that is inserting
     * or changing that item, so two changes of one authorization (its approval arriving, its clearing record, its
     * reversal, its expiry) take turns and each sees what the other did.
     */
    public Optional<CardTransaction> lockByAuthorizationId(String authorizationId) {
        return Locking.selectForUpdate(getEntityManager(), CardTransaction.class,
                "SELECT * FROM card_transaction WHERE authorization_id = :id FOR UPDATE", Map.of("id", authorizationId))
                .stream().findFirst();
    }

    /** The items of these authorizations that are recorded already. */
    public List<CardTransaction> findByAuthorizationIds(Collection<String> authorizationIds) {
        return list("authorizationId in ?1", authorizationIds);
    }

    /** The item a clearing record posted, if it was posted already (a repeated clearing record finds it). */
    public Optional<CardTransaction> findByClearingId(String clearingId) {
        return find("clearingId", clearingId).firstResultOptional();
    }

    /** One of the member's items: another member's is not found, as one that does not exist. */
    public Optional<CardTransaction> findOwned(String memberId, String id) {
        return find("id = ?1 and memberId = ?2", id, memberId).firstResultOptional();
    }

    /**
     * Up to {@code limit} pending items used (authorized) at or before {@code cutoff}, oldest first, locked for the
     * expiry. Index {@code (status, used_at)}.
     */
    public List<CardTransaction> lockPendingUsedUpTo(Instant cutoff, int limit) {
        return Locking.selectForUpdate(getEntityManager(), CardTransaction.class,
                "SELECT * FROM card_transaction WHERE status = :status AND used_at <= :cutoff ORDER BY used_at, id"
                        + " LIMIT :limit FOR UPDATE",
                Map.of("status", TransactionStatus.PENDING.name(), "cutoff", cutoff, "limit", limit));
    }

    /**
     * One page of the member's usage list: listed states only, newest first by (use time, id), optionally one card's
     * and within [from, to), starting after the key {@code (afterUsedAt, afterId)} (both null for the first page).
     * Keyset paging: a page starts strictly after the last item of the one before, so items added meanwhile never make
     * a page repeat or skip one. Index {@code (member_id, used_at, id)}, or {@code (member_id, card_id, used_at, id)}.
     */
    public List<CardTransaction> page(String memberId, String cardId, Instant from, Instant to, Instant afterUsedAt,
            String afterId, int limit) {
        StringBuilder query = new StringBuilder("memberId = :member and status in :listed");
        Parameters parameters = Parameters.with("member", memberId).and("listed", TransactionStatus.LISTED);
        if (cardId != null) {
            query.append(" and cardId = :card");
            parameters.and("card", cardId);
        }
        if (from != null) {
            query.append(" and usedAt >= :from");
            parameters.and("from", from);
        }
        if (to != null) {
            query.append(" and usedAt < :to");
            parameters.and("to", to);
        }
        if (afterUsedAt != null) {
            query.append(" and (usedAt < :afterUsedAt or (usedAt = :afterUsedAt and id < :afterId))");
            parameters.and("afterUsedAt", afterUsedAt).and("afterId", afterId);
        }
        query.append(" order by usedAt desc, id desc");
        return find(query.toString(), parameters).range(0, limit - 1).list();
    }

    /**
     * Posted items used before {@code end} that no statement has billed yet, locked for the close (a payment-method
     * switch of one of them waits, or the close waits for it). Index {@code (status, billed_closing_date, used_at)}.
     */
    public List<CardTransaction> lockUnbilledUsedBefore(Instant end) {
        return Locking.selectForUpdate(getEntityManager(), CardTransaction.class,
                "SELECT * FROM card_transaction WHERE status = :status AND billed_closing_date IS NULL AND used_at < :end"
                        + " ORDER BY member_id, used_at, id FOR UPDATE",
                Map.of("status", TransactionStatus.POSTED.name(), "end", end));
    }

    /** Instalment purchases billed before this cycle with instalments still to bill, locked for the close. */
    public List<CardTransaction> lockInstallmentsRunningBefore(LocalDate closingDate) {
        return Locking.selectForUpdate(getEntityManager(), CardTransaction.class,
                "SELECT * FROM card_transaction WHERE payment_method = 'INSTALLMENTS' AND last_billed_closing_date < :closing"
                        + " AND installments_billed < installment_count ORDER BY member_id, used_at, id FOR UPDATE",
                Map.of("closing", closingDate));
    }

    /** One of the member's items, locked for a change: another member's is not found, as one that does not exist. */
    public Optional<CardTransaction> lockOwned(String memberId, String id) {
        return Locking.selectForUpdate(getEntityManager(), CardTransaction.class,
                "SELECT * FROM card_transaction WHERE id = :id AND member_id = :member FOR UPDATE",
                Map.of("id", id, "member", memberId)).stream().findFirst();
    }

    /** The member's revolving purchases billed by the cycle closing on that date, in the order they were billed. */
    public List<CardTransaction> revolvingBilledBy(String memberId, LocalDate closingDate) {
        return list("memberId = ?1 and paymentMethod = ?2 and billedClosingDate <= ?3"
                + " order by billedClosingDate, usedAt, id", memberId, dev.anshin.statement.PaymentMethod.REVOLVING,
                closingDate);
    }
}
