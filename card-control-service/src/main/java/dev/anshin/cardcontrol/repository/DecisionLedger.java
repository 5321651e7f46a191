package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;
import static dev.anshin.cardcontrol.repository.StatementShapes.bindIn;
import static dev.anshin.cardcontrol.repository.StatementShapes.paddedSize;
import static dev.anshin.cardcontrol.repository.StatementShapes.placeholders;
import static dev.anshin.cardcontrol.repository.StatementShapes.prepareIn;
import static dev.anshin.cardcontrol.repository.StatementShapes.prepareRows;
import static dev.anshin.cardcontrol.repository.StatementShapes.text;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.repository.LocalTransactions.Tx;

/**
 * The rows authorization decisions read and write, in plain JDBC, in local transactions ({@link LocalTransactions})
 * that each carry one or more decisions. (The outbox events a decision writes in the same transaction are
 * {@link OutboxLedger}'s.)
 * <p>
 * Decisions are the one path the card network drives thousands of times a second; through Hibernate a decision spent
 * more CPU in the ORM (entity loading, dirty checking, flush) than in the database (measured with {@code ./anshin bench},
 * see its README). Here no entity is managed, so nothing is flushed or compared at commit, and every statement serves
 * all decisions of its transaction: one statement for all their cards, one for their accounts, one insert for all
 * decisions, so the database's work per statement and the commit are shared by every decision of the transaction.
 * Times are stored as UTC wall-clock time, as Hibernate stores them ({@code quarkus.hibernate-orm.jdbc.timezone=UTC}),
 * so both read each other's rows.
 */
@ApplicationScoped
public class DecisionLedger {

    /**
     * What a decision needs to know about a card its number resolved to: never the number, only its keyed lookup hash
     * (hex) to match it back to the request.
     */
    public record CardOnFile(String id, String lookupHash, String accountId, String memberId, CardBrand brand,
            String last4, YearMonth expiry, CardState state, long usableLimit, long outstanding, Instant challengeRefusedAt) {

        /** A card no 3-D Secure challenge was ever refused on. */
        public CardOnFile(String id, String lookupHash, String accountId, String memberId, CardBrand brand,
                String last4, YearMonth expiry, CardState state, long usableLimit, long outstanding) {
            this(id, lookupHash, accountId, memberId, brand, last4, expiry, state, usableLimit, outstanding, null);
        }
    }

    /**
     * A credit account as a decision sees it: available credit is {@code contractLimit - outstanding}, and none while
     * a statement is overdue ({@code overdue}: a failed debit not paid since, see service/CreditService).
     */
    public record AccountOnFile(String id, long contractLimit, long outstanding, boolean overdue) {
    }

    /**
     * What {@link #lockAccountsCountingApprovals} read: the locked accounts by id, and each card's approvals since
     * the instant by card id (absent means none).
     */
    public record AccountsAndApprovals(Map<String, AccountOnFile> accounts, Map<String, Long> approvalsSince) {
    }

    private static final String LOCK_CARDS = "SELECT id, pan_lookup_hash, account_id, member_id, brand, last4,"
            + " expiry_year, expiry_month, state, usable_limit, outstanding, challenge_refused_at FROM card"
            + " WHERE pan_lookup_hash IN (%s)"
            + " FOR UPDATE";
    private static final String LOCK_ACCOUNTS = "SELECT id, contract_limit, outstanding, overdue_statements"
            + " FROM credit_account WHERE id IN (%s) FOR UPDATE";
    private static final String FIND_DECISIONS = "SELECT authorization_id, request_fingerprint, card_id, decision,"
            + " decline_reason, approval_code, amount, merchant_name, merchant_category_code, merchant_country, channel,"
            + " usage_confirmation_requested, decided_at, authentication_id FROM card_authorization"
            + " WHERE authorization_id IN (%s)";
    private static final String COUNT_APPROVALS = "SELECT card_id, COUNT(*) FROM card_authorization"
            + " WHERE card_id IN (%s) AND decision = 'APPROVED' AND decided_at > ? GROUP BY card_id";
    /**
     * {@code LOCK_ACCOUNTS} and {@code COUNT_APPROVALS} in one round trip (MySQL and MariaDB; H2 refuses a locking
     * read in a {@code UNION}): rows of kind {@code A} are accounts, of kind {@code C} a card's approvals.
     */
    private static final String LOCK_ACCOUNTS_COUNTING_APPROVALS = "(SELECT 'A', id, contract_limit, outstanding,"
            + " overdue_statements FROM credit_account WHERE id IN (%s) FOR UPDATE) UNION ALL (SELECT 'C', card_id, COUNT(*), 0, 0"
            + " FROM card_authorization WHERE card_id IN (%s) AND decision = 'APPROVED' AND decided_at > ?"
            + " GROUP BY card_id)";
    /** Adds to each account's outstanding amount the yen of its own {@code WHEN}, where it fits under the contract limit. */
    private static final String RESERVE_ACCOUNTS = "UPDATE credit_account SET outstanding = outstanding + CASE id %1$s END,"
            + " version = version + 1 WHERE id IN (%2$s) AND outstanding + CASE id %1$s END <= contract_limit";
    private static final String RESERVE_CARDS = "UPDATE card SET outstanding = outstanding + CASE id %1$s END"
            + " WHERE id IN (%2$s)";
    /**
     * {@code RESERVE_CARDS} and {@code RESERVE_ACCOUNTS} in one round trip (MySQL and MariaDB; H2 has no multi-table
     * {@code UPDATE}): cards' {@code WHEN}s, then accounts', then the card ids, then the accounts' again for the limit
     * check. Each row is updated once, however many of its account's cards are joined to it. Cards drive the join
     * ({@code STRAIGHT_JOIN}), so accounts are updated after the join is read and every joined row checks the
     * account's limit against the amount it had before the statement.
     */
    private static final String RESERVE_CARDS_AND_ACCOUNTS = "UPDATE card c STRAIGHT_JOIN credit_account a"
            + " ON a.id = c.account_id SET c.outstanding = c.outstanding + CASE c.id %1$s END,"
            + " a.outstanding = a.outstanding + CASE a.id %2$s END, a.version = a.version + 1"
            + " WHERE c.id IN (%3$s) AND a.outstanding + CASE a.id %2$s END <= a.contract_limit";
    private static final String INSERT_DECISIONS = "INSERT INTO card_authorization (authorization_id, request_fingerprint,"
            + " card_id, decision, decline_reason, approval_code, amount, merchant_name, merchant_category_code,"
            + " merchant_country, channel, usage_confirmation_requested, decided_at, authentication_id) VALUES %s";
    private static final String DECISION_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final HexFormat HEX = HexFormat.of();

    /** The decisions already given under these authorization ids, by id. */
    public Map<String, CardAuthorization> findDecisions(Tx tx, Collection<String> authorizationIds) {
        Map<String, CardAuthorization> found = new HashMap<>();
        if (authorizationIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement select = prepareIn(tx.connection(), FIND_DECISIONS, authorizationIds.size())) {
            bindIn(select, 1, authorizationIds, PreparedStatement::setString);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    CardAuthorization decision = decision(row);
                    found.put(decision.authorizationId, decision);
                }
            }
            return found;
        } catch (SQLException e) {
            throw failed("read decisions", e);
        }
    }

    /**
     * The cards with these numbers (by lookup hash; a same-number reissue shares the hash, the expiry tells them
     * apart), locked until the transaction ends. Rows are locked in the index's order, whichever order the hashes
     * come in, so two transactions locking overlapping cards wait for each other instead of deadlocking. Decisions
     * lock their cards first, then the accounts ({@link #lockAccounts}); no path locks them the other way round.
     */
    public List<CardOnFile> lockCards(Tx tx, Collection<byte[]> lookupHashes) {
        List<CardOnFile> cards = new ArrayList<>();
        if (lookupHashes.isEmpty()) {
            return cards;
        }
        try (PreparedStatement select = prepareIn(tx.connection(), LOCK_CARDS, lookupHashes.size())) {
            bindIn(select, 1, lookupHashes, PreparedStatement::setBytes);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    cards.add(new CardOnFile(row.getString(1), HEX.formatHex(row.getBytes(2)), row.getString(3),
                            row.getString(4), CardBrand.valueOf(row.getString(5)), row.getString(6),
                            YearMonth.of(row.getInt(7), row.getInt(8)), CardState.valueOf(row.getString(9)),
                            row.getLong(10), row.getLong(11), instantOrNull(row, 12)));
                }
            }
            return cards;
        } catch (SQLException e) {
            throw failed("lock the cards", e);
        }
    }

    /** The credit accounts, locked until the transaction ends (in primary-key order), by id. */
    public Map<String, AccountOnFile> lockAccounts(Tx tx, Collection<String> accountIds) {
        Map<String, AccountOnFile> accounts = new HashMap<>();
        if (accountIds.isEmpty()) {
            return accounts;
        }
        try (PreparedStatement select = prepareIn(tx.connection(), LOCK_ACCOUNTS, accountIds.size())) {
            bindIn(select, 1, accountIds, PreparedStatement::setString);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    accounts.put(row.getString(1), new AccountOnFile(row.getString(1), row.getLong(2), row.getLong(3),
                            row.getInt(4) > 0));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw failed("lock the accounts", e);
        }
    }

    /**
     * {@link #lockAccounts} and {@link #countApprovalsSince} together, in one statement where the database allows
     * it (MySQL, MariaDB), else in two. Call it with the cards locked ({@link #lockCards}): no other transaction
     * can then approve on them, so the count is exact even though it is a plain (non-locking) read that may
     * start before this statement's wait for an account's lock ends.
     */
    public AccountsAndApprovals lockAccountsCountingApprovals(Tx tx, Collection<String> accountIds,
            Collection<String> cardIds, Instant since) {
        if (!tx.mySql() || accountIds.isEmpty() || cardIds.isEmpty()) {
            return new AccountsAndApprovals(lockAccounts(tx, accountIds), countApprovalsSince(tx, cardIds, since));
        }
        Map<String, AccountOnFile> accounts = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        int accountValues = paddedSize(accountIds.size());
        int cardValues = paddedSize(cardIds.size());
        String sql = text(LOCK_ACCOUNTS_COUNTING_APPROVALS, accountValues, cardValues,
                () -> LOCK_ACCOUNTS_COUNTING_APPROVALS.formatted(placeholders(accountValues), placeholders(cardValues)));
        try (PreparedStatement select = tx.connection().prepareStatement(sql)) {
            int next = bindIn(select, 1, accountIds, PreparedStatement::setString);
            next = bindIn(select, next, cardIds, PreparedStatement::setString);
            select.setObject(next, utc(since));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    if ("A".equals(row.getString(1))) {
                        accounts.put(row.getString(2), new AccountOnFile(row.getString(2), row.getLong(3), row.getLong(4),
                                row.getInt(5) > 0));
                    } else {
                        counts.put(row.getString(2), row.getLong(3));
                    }
                }
            }
            return new AccountsAndApprovals(accounts, counts);
        } catch (SQLException e) {
            throw failed("lock the accounts and count approvals", e);
        }
    }

    /** Approvals on each card decided after the instant (the velocity rule), by card id; absent means none. */
    public Map<String, Long> countApprovalsSince(Tx tx, Collection<String> cardIds, Instant since) {
        Map<String, Long> counts = new HashMap<>();
        if (cardIds.isEmpty()) {
            return counts;
        }
        try (PreparedStatement count = prepareIn(tx.connection(), COUNT_APPROVALS, cardIds.size())) {
            int next = bindIn(count, 1, cardIds, PreparedStatement::setString);
            count.setObject(next, utc(since));
            try (ResultSet row = count.executeQuery()) {
                while (row.next()) {
                    counts.put(row.getString(1), row.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw failed("count approvals", e);
        }
    }

    /**
     * Adds reserved yen to accounts' and cards' outstanding amounts. The caller has checked them against the
     * limits it read under {@link #lockCards} and {@link #lockAccounts}, and the rows are still locked; the
     * account's update checks its contract limit again all the same, and if it does not fit (which would mean a
     * path changed the row without its lock) the transaction fails rather than overdraw the account. One
     * statement for both tables where the database allows it (MySQL, MariaDB), else two.
     */
    public void reserve(Tx tx, Map<String, Long> byAccount, Map<String, Long> byCard) {
        if (byAccount.isEmpty()) {
            return;
        }
        try {
            int changed = tx.mySql() ? addToBoth(tx, byCard, byAccount)
                    : addTo(tx, RESERVE_ACCOUNTS, byAccount, true) + addTo(tx, RESERVE_CARDS, byCard, false);
            if (changed != byAccount.size() + byCard.size()) {
                throw new IllegalStateException("an account's available credit changed under its lock");
            }
        } catch (SQLException e) {
            throw failed("reserve credit", e);
        }
    }

    /** {@code RESERVE_CARDS_AND_ACCOUNTS}, padded as {@link #addTo} pads; the rows changed in both tables. */
    private static int addToBoth(Tx tx, Map<String, Long> byCard, Map<String, Long> byAccount) throws SQLException {
        List<Map.Entry<String, Long>> cards = padded(byCard);
        List<Map.Entry<String, Long>> accounts = padded(byAccount);
        String sql = text(RESERVE_CARDS_AND_ACCOUNTS, cards.size(), accounts.size(),
                () -> RESERVE_CARDS_AND_ACCOUNTS.formatted(cases(cards.size()), cases(accounts.size()),
                        placeholders(cards.size())));
        try (PreparedStatement update = tx.connection().prepareStatement(sql)) {
            int index = bindCases(update, 1, cards);
            index = bindCases(update, index, accounts);
            for (Map.Entry<String, Long> card : cards) {
                update.setString(index++, card.getKey());
            }
            bindCases(update, index, accounts);
            return update.executeUpdate();
        }
    }

    /**
     * One statement for all rows: {@code CASE id WHEN ? THEN ? ...} gives each row its own amount, then the ids
     * in {@code IN}, then (with {@code checksLimit}, for {@code RESERVE_ACCOUNTS}) the same {@code CASE} again for
     * the limit check. Padded like {@link StatementShapes#prepareIn}: a repeated {@code WHEN} never matches (the first
     * one does), a repeated id in {@code IN} changes nothing. Returns the rows changed.
     */
    private static int addTo(Tx tx, String sql, Map<String, Long> amounts, boolean checksLimit) throws SQLException {
        List<Map.Entry<String, Long>> rows = padded(amounts);
        try (PreparedStatement update = tx.connection().prepareStatement(text(sql, rows.size(), 0,
                () -> sql.formatted(cases(rows.size()), placeholders(rows.size()))))) {
            int index = bindCases(update, 1, rows);
            for (Map.Entry<String, Long> row : rows) {
                update.setString(index++, row.getKey());
            }
            if (checksLimit) {
                bindCases(update, index, rows);
            }
            return update.executeUpdate();
        }
    }

    /** The amounts in id order, the last repeated up to {@link StatementShapes#paddedSize}. */
    private static List<Map.Entry<String, Long>> padded(Map<String, Long> amounts) {
        int size = paddedSize(amounts.size());
        List<Map.Entry<String, Long>> rows = new ArrayList<>(new TreeMap<>(amounts).entrySet());
        while (rows.size() < size) {
            rows.add(rows.get(rows.size() - 1));
        }
        return rows;
    }

    private static String cases(int count) {
        return String.join(" ", Collections.nCopies(count, "WHEN ? THEN ?"));
    }

    private static int bindCases(PreparedStatement update, int first, List<Map.Entry<String, Long>> rows)
            throws SQLException {
        int index = first;
        for (Map.Entry<String, Long> row : rows) {
            update.setString(index++, row.getKey());
            update.setLong(index++, row.getValue());
        }
        return index;
    }

    /**
     * Records decisions. A second decision under one authorization id fails on the primary key (two requests
     * raced past {@link #findDecisions}); the whole transaction then rolls back and the first decision stands.
     */
    public void insert(Tx tx, List<CardAuthorization> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = prepareRows(tx.connection(), INSERT_DECISIONS, DECISION_ROW, decisions.size())) {
            int index = 1;
            for (CardAuthorization decision : decisions) {
                insert.setString(index++, decision.authorizationId);
                insert.setBytes(index++, decision.requestFingerprint);
                insert.setString(index++, decision.cardId);
                insert.setString(index++, decision.decision.name());
                insert.setString(index++, decision.declineReason == null ? null : decision.declineReason.name());
                insert.setString(index++, decision.approvalCode);
                insert.setLong(index++, decision.amount);
                insert.setString(index++, decision.merchantName);
                insert.setString(index++, decision.merchantCategoryCode);
                insert.setString(index++, decision.merchantCountry);
                insert.setString(index++, decision.channel.name());
                insert.setBoolean(index++, decision.usageConfirmationRequested);
                insert.setObject(index++, utc(decision.decidedAt));
                insert.setString(index++, decision.authenticationId);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failed("record the decisions", e);
        }
    }

    private static CardAuthorization decision(ResultSet row) throws SQLException {
        CardAuthorization decision = new CardAuthorization();
        decision.authorizationId = row.getString(1);
        decision.requestFingerprint = row.getBytes(2);
        decision.cardId = row.getString(3);
        decision.decision = Decision.valueOf(row.getString(4));
        String reason = row.getString(5);
        decision.declineReason = reason == null ? null : DeclineReason.valueOf(reason);
        decision.approvalCode = row.getString(6);
        decision.amount = row.getLong(7);
        decision.merchantName = row.getString(8);
        decision.merchantCategoryCode = row.getString(9);
        decision.merchantCountry = row.getString(10);
        decision.channel = Channel.valueOf(row.getString(11));
        decision.usageConfirmationRequested = row.getBoolean(12);
        decision.decidedAt = row.getObject(13, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        decision.authenticationId = row.getString(14);
        return decision;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instantOrNull(ResultSet row, int column) throws SQLException {
        LocalDateTime at = row.getObject(column, LocalDateTime.class);
        return at == null ? null : at.toInstant(ZoneOffset.UTC);
    }
}
