package dev.anshin.statement.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import org.hibernate.dialect.H2Dialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.TransactionStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

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
     *
     * <p>A page deep in a long list must cost what the first does (issue 17; bench {@code --mode usage-list}): the
     * index is entered at the key, not read from the newest item down to it. Two things make MySQL and MariaDB do so.
     * The key is written {@code used_at <= t AND (used_at < t OR id < i)}, whose first half bounds a range on the
     * index (the equivalent {@code used_at < t OR (used_at = t AND id < i)} bounds none). And the index is named
     * ({@code FORCE INDEX}): otherwise the optimizer, seeing that most of a member's items lie before the key, reads
     * the member's whole index entry by entry from the newest (a "ref" scan), and a page 10,000 items deep read 10,000
     * index entries and rows (measured on MariaDB 10.11 with a million items; bench/README.md). H2 ({@code ./anshin
     * up}) takes no hint and needs none.
     */
    public List<CardTransaction> page(String memberId, String cardId, Instant from, Instant to, Instant afterUsedAt,
            String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM card_transaction");
        if (!h2()) {
            sql.append(cardId != null ? " FORCE INDEX (ix_card_transaction_member_card_used)"
                    : " FORCE INDEX (ix_card_transaction_member_used)");
        }
        sql.append(" WHERE member_id = :member AND status IN (:listed)");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("member", memberId);
        parameters.put("listed", TransactionStatus.LISTED.stream().map(Enum::name).toList());
        if (cardId != null) {
            sql.append(" AND card_id = :card");
            parameters.put("card", cardId);
        }
        if (from != null) {
            sql.append(" AND used_at >= :from");
            parameters.put("from", from);
        }
        if (to != null) {
            sql.append(" AND used_at < :to");
            parameters.put("to", to);
        }
        if (afterUsedAt != null) {
            sql.append(" AND used_at <= :afterUsedAt AND (used_at < :afterUsedAt OR id < :afterId)");
            parameters.put("afterUsedAt", afterUsedAt);
            parameters.put("afterId", afterId);
        }
        sql.append(" ORDER BY used_at DESC, id DESC LIMIT :limit");
        parameters.put("limit", limit);
        Query query = getEntityManager().createNativeQuery(sql.toString(), CardTransaction.class);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<CardTransaction> rows = query.getResultList();
        return rows;
    }

    private volatile Boolean h2;

    /** Whether the database is H2 (the local build of {@code ./anshin up}), which knows no index hints. */
    private boolean h2() {
        Boolean known = h2;
        if (known == null) {
            known = getEntityManager().getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices()
                    .getDialect() instanceof H2Dialect;
            h2 = known;
        }
        return known;
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
