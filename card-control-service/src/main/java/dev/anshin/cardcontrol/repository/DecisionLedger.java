package dev.anshin.cardcontrol.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.OutboxEvent;

/**
 * The rows authorization decisions read and write, in plain JDBC, in local transactions that each carry one or more
 * decisions; and the outbox relay's claims and outcomes on the events those decisions wrote.
 * <p>
 * Decisions are the one path the card network drives thousands of times a second; through Hibernate a decision spent
 * more CPU in the ORM (entity loading, dirty checking, flush) than in the database (measured with {@code ./anshin bench},
 * see its README). Here no entity is managed, so nothing is flushed or compared at commit, and every statement serves
 * all decisions of its transaction: decisions that arrive together share their statements and their commit.
 * A transaction's reads, locks and writes ({@link Tx}) commit or roll back together ({@link #inTransaction}). Times are
 * stored as UTC wall-clock time, as Hibernate stores them ({@code quarkus.hibernate-orm.jdbc.timezone=UTC}), so both
 * read each other's rows.
 */
@ApplicationScoped
public class DecisionLedger {

    /**
     * What a decision needs to know about a card its number resolved to: never the number, only its keyed lookup hash
     * (hex) to match it back to the request.
     */
    public record CardOnFile(String id, String lookupHash, String accountId, String memberId, CardBrand brand,
            String last4, YearMonth expiry, CardState state, long usableLimit, long outstanding) {
    }

    /** A credit account as a decision sees it: available credit is {@code contractLimit - outstanding}. */
    public record AccountOnFile(String id, long contractLimit, long outstanding) {
    }

    /**
     * What {@link Tx#lockAccountsCountingApprovals} read: the locked accounts by id, and each card's approvals since
     * the instant by card id (absent means none).
     */
    public record AccountsAndApprovals(Map<String, AccountOnFile> accounts, Map<String, Long> approvalsSince) {
    }

    /**
     * An event not every receiver acknowledged: which of its deliveries have been by now (bits as in
     * {@link OutboxEvent#acknowledgedDeliveries}), its next attempt, and what went wrong (at most 500 chars).
     */
    public record FailedDelivery(OutboxEvent event, int acknowledgedDeliveries, Instant nextAttemptAt, String error) {
    }

    private static final String LOCK_CARDS = "SELECT id, pan_lookup_hash, account_id, member_id, brand, last4,"
            + " expiry_year, expiry_month, state, usable_limit, outstanding FROM card WHERE pan_lookup_hash IN (%s)"
            + " FOR UPDATE";
    private static final String LOCK_ACCOUNTS = "SELECT id, contract_limit, outstanding FROM credit_account"
            + " WHERE id IN (%s) FOR UPDATE";
    private static final String FIND_DECISIONS = "SELECT authorization_id, request_fingerprint, card_id, decision,"
            + " decline_reason, approval_code, amount, merchant_name, merchant_category_code, merchant_country, channel,"
            + " usage_confirmation_requested, decided_at FROM card_authorization WHERE authorization_id IN (%s)";
    private static final String COUNT_APPROVALS = "SELECT card_id, COUNT(*) FROM card_authorization"
            + " WHERE card_id IN (%s) AND decision = 'APPROVED' AND decided_at > ? GROUP BY card_id";
    /**
     * {@code LOCK_ACCOUNTS} and {@code COUNT_APPROVALS} in one round trip (MySQL and MariaDB; H2 refuses a locking
     * read in a {@code UNION}): rows of kind {@code A} are accounts, of kind {@code C} a card's approvals.
     */
    private static final String LOCK_ACCOUNTS_COUNTING_APPROVALS = "(SELECT 'A', id, contract_limit, outstanding"
            + " FROM credit_account WHERE id IN (%s) FOR UPDATE) UNION ALL (SELECT 'C', card_id, COUNT(*), 0"
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
            + " merchant_country, channel, usage_confirmation_requested, decided_at) VALUES %s";
    private static final String DECISION_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_OUTBOX = "INSERT INTO outbox_event (id, event_type, event_id, payload, created_at,"
            + " attempts, next_attempt_at, claim_token, claimed_until) VALUES %s";
    private static final String OUTBOX_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Oldest due first, through {@code ix_outbox_event_due}; skips events another relay holds. */
    private static final String DUE_EVENTS = "SELECT id FROM outbox_event WHERE delivered_at IS NULL"
            + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_attempt_at LIMIT ?";
    /** Takes the candidates still free; of two relays that picked the same ones, each event goes to one. */
    private static final String CLAIM_EVENTS = "UPDATE outbox_event SET claim_token = ?, claimed_until = ?"
            + " WHERE id IN (%s) AND delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)";
    /** By primary key: claim_token has no index, and the table keeps every delivered event for the retention. */
    private static final String CLAIMED_EVENTS = "SELECT id, event_type, event_id, payload, attempts, acknowledged_deliveries"
            + " FROM outbox_event WHERE id IN (%s) AND claim_token = ? ORDER BY created_at";
    private static final String MARK_DELIVERED = "UPDATE outbox_event SET delivered_at = ?, claimed_until = NULL,"
            + " claim_token = NULL WHERE id IN (%s)";
    private static final String RELEASE_CLAIMS = "UPDATE outbox_event SET claim_token = NULL, claimed_until = NULL"
            + " WHERE claim_token = ? AND delivered_at IS NULL";
    private static final String MARK_FAILED = "UPDATE outbox_event SET attempts = attempts + 1, next_attempt_at = ?,"
            + " last_error = ?, acknowledged_deliveries = ?, claimed_until = NULL, claim_token = NULL"
            + " WHERE id = ? AND claim_token = ?";

    private static final HexFormat HEX = HexFormat.of();
    private static final Logger LOG = Logger.getLogger(DecisionLedger.class);

    private final DataSource dataSource;

    public DecisionLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in a local transaction of its own, on a connection of its own ({@link Session#inTransaction}). */
    public <T> T inTransaction(Function<Tx, T> work) {
        try (Session session = openSession(null)) {
            return session.inTransaction(work);
        }
    }

    /**
     * A connection held for many transactions, one after the other: for a thread that does nothing else. With a
     * {@code lockWaitTimeout} (MySQL only; whole seconds), its statements wait no longer than that for a row another
     * transaction holds.
     */
    public Session openSession(Duration lockWaitTimeout) {
        return new Session(lockWaitTimeout);
    }

    /**
     * One connection from the pool, kept (in manual-commit mode) across the transactions run on it, so they skip the
     * pool and the two round trips that switch autocommit off and on again; after a failed transaction the connection
     * goes back and the next one starts on a fresh one. Not thread-safe: one thread's.
     */
    public final class Session implements AutoCloseable {

        private final Duration lockWaitTimeout;
        private Connection connection;
        private boolean mySql;
        private boolean sessionTimeoutSet;

        private Session(Duration lockWaitTimeout) {
            this.lockWaitTimeout = lockWaitTimeout;
        }

        /**
         * Runs {@code work} in a local transaction: committed when it returns, rolled back when it throws. Not JTA:
         * decisions touch one database, and Narayana's and Agroal's enlistment cost about as much CPU as the
         * statements' own driver work (JFR under {@code ./anshin bench}).
         * <p>
         * A connection held since an earlier transaction may have been closed by the server meanwhile (its
         * {@code wait_timeout}, a restart, a failover). If this transaction's first contact with the database shows
         * that, or any statement of it fails because the connection is gone, {@code work} runs again once, on a fresh
         * connection: it must do nothing but statements on its {@link Tx}, and be safe to run again even if the commit
         * had reached the server. Decisions are: one that had committed is refused on its key the second time, and
         * then answered as first decided ({@link #isDuplicateKey}).
         */
        public <T> T inTransaction(Function<Tx, T> work) {
            boolean held = connection != null;
            try {
                return attempt(work);
            } catch (PersistenceException e) {
                if (!held || !connectionLost(e)) {
                    throw e;
                }
                LOG.infof("a held database connection was gone (%s); running the transaction again on a fresh one",
                        e.getMessage());
                return attempt(work);
            }
        }

        private <T> T attempt(Function<Tx, T> work) {
            Connection current = connection();
            try {
                T result = work.apply(new Tx(current, mySql));
                current.commit();
                return result;
            } catch (RuntimeException | Error e) {
                discard(e);
                throw e;
            } catch (SQLException e) {
                PersistenceException failure = failed("commit the decisions", e);
                discard(failure);
                throw failure;
            }
        }

        private Connection connection() {
            if (connection == null) {
                try {
                    Connection opened = dataSource.getConnection();
                    try {
                        opened.setAutoCommit(false);
                        mySql = isMySql(opened);
                        sessionTimeoutSet = lockWaitTimeout != null && mySql;
                        if (sessionTimeoutSet) {
                            setLockWaitTimeout(opened, Long.toString(lockWaitTimeout.toSeconds()));
                        }
                    } catch (SQLException e) {
                        release(opened, null);
                        throw e;
                    }
                    connection = opened;
                } catch (SQLException e) {
                    throw failed("open a connection for decisions", e);
                }
            }
            return connection;
        }

        /** Rolls back what the failed transaction did and lets its connection go. */
        private void discard(Throwable cause) {
            Connection failed = connection;
            connection = null;
            try {
                failed.rollback();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
            release(failed, cause);
        }

        @Override
        public void close() {
            if (connection != null) {
                release(connection, null);
                connection = null;
            }
        }

        /** Back to the pool as it came: autocommit on, the server's own lock wait timeout. */
        private void release(Connection held, Throwable cause) {
            try (held) {
                if (sessionTimeoutSet) {
                    sessionTimeoutSet = false;
                    setLockWaitTimeout(held, "DEFAULT");
                }
                held.setAutoCommit(true);
            } catch (SQLException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    private static boolean isMySql(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return "MySQL".equalsIgnoreCase(product) || "MariaDB".equalsIgnoreCase(product);
    }

    /** {@code value}: whole seconds, or {@code DEFAULT}; never anything from a request. */
    private static void setLockWaitTimeout(Connection connection, String value) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("SET SESSION innodb_lock_wait_timeout = " + value);
        }
    }

    /** A statement refused for a key already taken (SQL state class 23: an integrity constraint). */
    public static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** A failure of the connection itself rather than of a statement: SQL state class 08, or the driver's own kind. */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statements of the decisions of one transaction, on its connection. Each reads or writes the rows of all of
     * them at once: one statement for all their cards, one for their accounts, one insert for all decisions, so the
     * database's work per statement and the commit are shared by every decision of the transaction.
     */
    public static final class Tx {

        private final Connection connection;
        private final boolean mySql;

        private Tx(Connection connection, boolean mySql) {
            this.connection = connection;
            this.mySql = mySql;
        }

        /** The decisions already given under these authorization ids, by id. */
        public Map<String, CardAuthorization> findDecisions(Collection<String> authorizationIds) {
            Map<String, CardAuthorization> found = new HashMap<>();
            if (authorizationIds.isEmpty()) {
                return found;
            }
            try (PreparedStatement select = prepareIn(FIND_DECISIONS, authorizationIds.size())) {
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
        public List<CardOnFile> lockCards(Collection<byte[]> lookupHashes) {
            List<CardOnFile> cards = new ArrayList<>();
            if (lookupHashes.isEmpty()) {
                return cards;
            }
            try (PreparedStatement select = prepareIn(LOCK_CARDS, lookupHashes.size())) {
                bindIn(select, 1, lookupHashes, PreparedStatement::setBytes);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        cards.add(new CardOnFile(row.getString(1), HEX.formatHex(row.getBytes(2)), row.getString(3),
                                row.getString(4), CardBrand.valueOf(row.getString(5)), row.getString(6),
                                YearMonth.of(row.getInt(7), row.getInt(8)), CardState.valueOf(row.getString(9)),
                                row.getLong(10), row.getLong(11)));
                    }
                }
                return cards;
            } catch (SQLException e) {
                throw failed("lock the cards", e);
            }
        }

        /** The credit accounts, locked until the transaction ends (in primary-key order), by id. */
        public Map<String, AccountOnFile> lockAccounts(Collection<String> accountIds) {
            Map<String, AccountOnFile> accounts = new HashMap<>();
            if (accountIds.isEmpty()) {
                return accounts;
            }
            try (PreparedStatement select = prepareIn(LOCK_ACCOUNTS, accountIds.size())) {
                bindIn(select, 1, accountIds, PreparedStatement::setString);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        accounts.put(row.getString(1), new AccountOnFile(row.getString(1), row.getLong(2), row.getLong(3)));
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
        public AccountsAndApprovals lockAccountsCountingApprovals(Collection<String> accountIds, Collection<String> cardIds,
                Instant since) {
            if (!mySql || accountIds.isEmpty() || cardIds.isEmpty()) {
                return new AccountsAndApprovals(lockAccounts(accountIds), countApprovalsSince(cardIds, since));
            }
            Map<String, AccountOnFile> accounts = new HashMap<>();
            Map<String, Long> counts = new HashMap<>();
            int accountValues = paddedSize(accountIds.size());
            int cardValues = paddedSize(cardIds.size());
            String sql = text(LOCK_ACCOUNTS_COUNTING_APPROVALS, accountValues, cardValues,
                    () -> LOCK_ACCOUNTS_COUNTING_APPROVALS.formatted(placeholders(accountValues), placeholders(cardValues)));
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int next = bindIn(select, 1, accountIds, PreparedStatement::setString);
                next = bindIn(select, next, cardIds, PreparedStatement::setString);
                select.setObject(next, utc(since));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        if ("A".equals(row.getString(1))) {
                            accounts.put(row.getString(2), new AccountOnFile(row.getString(2), row.getLong(3), row.getLong(4)));
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
        public Map<String, Long> countApprovalsSince(Collection<String> cardIds, Instant since) {
            Map<String, Long> counts = new HashMap<>();
            if (cardIds.isEmpty()) {
                return counts;
            }
            try (PreparedStatement count = prepareIn(COUNT_APPROVALS, cardIds.size())) {
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
        public void reserve(Map<String, Long> byAccount, Map<String, Long> byCard) {
            if (byAccount.isEmpty()) {
                return;
            }
            try {
                int changed = mySql ? addToBoth(byCard, byAccount)
                        : addTo(RESERVE_ACCOUNTS, byAccount, true) + addTo(RESERVE_CARDS, byCard, false);
                if (changed != byAccount.size() + byCard.size()) {
                    throw new IllegalStateException("an account's available credit changed under its lock");
                }
            } catch (SQLException e) {
                throw failed("reserve credit", e);
            }
        }

        /** {@code RESERVE_CARDS_AND_ACCOUNTS}, padded as {@link #addTo} pads; the rows changed in both tables. */
        private int addToBoth(Map<String, Long> byCard, Map<String, Long> byAccount) throws SQLException {
            List<Map.Entry<String, Long>> cards = padded(byCard);
            List<Map.Entry<String, Long>> accounts = padded(byAccount);
            String sql = text(RESERVE_CARDS_AND_ACCOUNTS, cards.size(), accounts.size(),
                    () -> RESERVE_CARDS_AND_ACCOUNTS.formatted(cases(cards.size()), cases(accounts.size()),
                            placeholders(cards.size())));
            try (PreparedStatement update = connection.prepareStatement(sql)) {
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
         * the limit check. Padded like {@link #prepareIn}: a repeated {@code WHEN} never matches (the first one does),
         * a repeated id in {@code IN} changes nothing. Returns the rows changed.
         */
        private int addTo(String sql, Map<String, Long> amounts, boolean checksLimit) throws SQLException {
            List<Map.Entry<String, Long>> rows = padded(amounts);
            try (PreparedStatement update = connection.prepareStatement(text(sql, rows.size(), 0,
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

        /** The amounts in id order, the last repeated up to {@link #paddedSize}. */
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
        public void insert(List<CardAuthorization> decisions) {
            if (decisions.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = prepareRows(INSERT_DECISIONS, DECISION_ROW, decisions.size())) {
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
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw failed("record the decisions", e);
            }
        }

        /**
         * Writes new outbox events, due at once; the relay reads them only after the transaction commits. Events
         * carrying a claim (handed off to the relay in memory once committed) are the claiming relay's until it ends.
         */
        public void insertOutbox(List<OutboxEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            try (PreparedStatement insert = prepareRows(INSERT_OUTBOX, OUTBOX_ROW, events.size())) {
                int index = 1;
                for (OutboxEvent event : events) {
                    insert.setString(index++, event.id);
                    insert.setString(index++, event.type.name());
                    insert.setString(index++, event.eventId);
                    insert.setBytes(index++, event.payload);
                    insert.setObject(index++, utc(event.createdAt));
                    insert.setInt(index++, event.attempts);
                    insert.setObject(index++, utc(event.nextAttemptAt));
                    insert.setString(index++, event.claimToken);
                    insert.setObject(index++, event.claimedUntil == null ? null : utc(event.claimedUntil));
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw failed("write the outbox", e);
            }
        }

        /** Gives up a relay's claim on the events it has not delivered: they are due again for any relay; how many. */
        public int releaseClaims(String token) {
            try (PreparedStatement update = connection.prepareStatement(RELEASE_CLAIMS)) {
                update.setString(1, token);
                return update.executeUpdate();
            } catch (SQLException e) {
                throw failed("release outbox claims", e);
            }
        }

        /**
         * Claims up to {@code limit} due events for one relay until {@code leaseEnd}, oldest due first. Two relays may
         * pick the same candidates, but the conditional update gives each event to one of them only; the events of a
         * relay that died mid-delivery are due again when its lease ends. (Not {@code SKIP LOCKED}: H2, used by
         * {@code ./anshin up}, lacks it.) The claimed events carry what the relay uses: their type, key, payload,
         * attempts so far, the deliveries already acknowledged, and the claim token their outcome is recorded under.
         */
        public List<OutboxEvent> claimDue(Instant now, Instant leaseEnd, int limit) {
            try {
                List<String> candidates = new ArrayList<>(limit);
                try (PreparedStatement due = connection.prepareStatement(DUE_EVENTS)) {
                    due.setObject(1, utc(now));
                    due.setObject(2, utc(now));
                    due.setInt(3, limit);
                    try (ResultSet rows = due.executeQuery()) {
                        while (rows.next()) {
                            candidates.add(rows.getString(1));
                        }
                    }
                }
                if (candidates.isEmpty()) {
                    return List.of();
                }
                String token = UUID.randomUUID().toString();
                try (PreparedStatement claim = prepareIn(CLAIM_EVENTS, candidates.size())) {
                    claim.setString(1, token);
                    claim.setObject(2, utc(leaseEnd));
                    int next = bindIn(claim, 3, candidates, PreparedStatement::setString);
                    claim.setObject(next, utc(now));
                    if (claim.executeUpdate() == 0) {
                        return List.of();
                    }
                }
                List<OutboxEvent> claimed = new ArrayList<>(candidates.size());
                try (PreparedStatement read = prepareIn(CLAIMED_EVENTS, candidates.size())) {
                    int next = bindIn(read, 1, candidates, PreparedStatement::setString);
                    read.setString(next, token);
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            OutboxEvent event = new OutboxEvent();
                            event.id = rows.getString(1);
                            event.type = OutboxEvent.Type.valueOf(rows.getString(2));
                            event.eventId = rows.getString(3);
                            event.payload = rows.getBytes(4);
                            event.attempts = rows.getInt(5);
                            event.acknowledgedDeliveries = rows.getInt(6);
                            event.claimToken = token;
                            claimed.add(event);
                        }
                    }
                }
                return claimed;
            } catch (SQLException e) {
                throw failed("claim due outbox events", e);
            }
        }

        /** The receivers acknowledged these events. */
        public void markDelivered(Collection<String> eventIds, Instant at) {
            if (eventIds.isEmpty()) {
                return;
            }
            try (PreparedStatement update = prepareIn(MARK_DELIVERED, eventIds.size())) {
                update.setObject(1, utc(at));
                bindIn(update, 2, eventIds, PreparedStatement::setString);
                update.executeUpdate();
            } catch (SQLException e) {
                throw failed("mark outbox events delivered", e);
            }
        }

        /**
         * Each event not every receiver acknowledged waits for its next attempt, its error and the deliveries that
         * were acknowledged recorded; only under the claim it was sent with
         * (an event whose lease ran out and that another relay claimed meanwhile is that relay's now).
         */
        public void markFailed(Collection<FailedDelivery> failures) {
            if (failures.isEmpty()) {
                return;
            }
            try (PreparedStatement update = connection.prepareStatement(MARK_FAILED)) {
                for (FailedDelivery failure : failures) {
                    update.setObject(1, utc(failure.nextAttemptAt()));
                    update.setString(2, failure.error());
                    update.setInt(3, failure.acknowledgedDeliveries());
                    update.setString(4, failure.event().id);
                    update.setString(5, failure.event().claimToken);
                    update.addBatch();
                }
                update.executeBatch();
            } catch (SQLException e) {
                throw failed("record failed outbox deliveries", e);
            }
        }

        /**
         * One multi-row {@code INSERT} of exactly {@code rows} rows. Built here rather than left to the driver's batch
         * rewriting, which prepared the rewritten statement anew for every batch (two extra round trips); this text
         * is the same for every batch of the same size, so the driver's statement cache keeps it prepared.
         */
        private PreparedStatement prepareRows(String sql, String row, int rows) throws SQLException {
            return connection.prepareStatement(text(sql, rows, 0,
                    () -> sql.formatted(String.join(", ", Collections.nCopies(rows, row)))));
        }

        /**
         * A statement with an {@code IN} list of at least {@code values} placeholders, rounded up to a power of two so
         * that a few statement shapes serve every size (each shape is prepared once per connection).
         * {@link #bindIn} fills the padding with the last value again, which changes no result.
         */
        private PreparedStatement prepareIn(String sql, int values) throws SQLException {
            int padded = paddedSize(values);
            return connection.prepareStatement(text(sql, padded, 0, () -> sql.formatted(placeholders(padded))));
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
            return decision;
        }
    }

    private interface Binder<V> {
        void bind(PreparedStatement statement, int index, V value) throws SQLException;
    }

    /** Binds the values from {@code first} on, padded as {@link Tx#prepareIn} sized it; the next free index. */
    private static <V> int bindIn(PreparedStatement statement, int first, Collection<V> values, Binder<V> binder)
            throws SQLException {
        int index = first;
        V last = null;
        for (V value : values) {
            binder.bind(statement, index++, value);
            last = value;
        }
        for (int padding = paddedSize(values.size()) - values.size(); padding > 0; padding--) {
            binder.bind(statement, index++, last);
        }
        return index;
    }

    /** A statement's text for the sizes of its lists, one of a few shapes per template ({@link #text}). */
    private record Shape(String template, int first, int second) {
    }

    /**
     * The text of each statement shape, built once: formatting it anew for every statement was a twentieth of a
     * committer's CPU under {@code ./anshin bench}. Bounded: a template has at most one shape per size of its lists
     * (padded to powers of two, or at most {@code anshin.authorization.batch.max-size} rows).
     */
    private static final Map<Shape, String> TEXTS = new ConcurrentHashMap<>();

    private static String text(String template, int first, int second, Supplier<String> build) {
        Shape shape = new Shape(template, first, second);
        String text = TEXTS.get(shape);
        return text != null ? text : TEXTS.computeIfAbsent(shape, ignored -> build.get());
    }

    static int paddedSize(int values) {
        return values <= 1 ? 1 : Integer.highestOneBit(values - 1) << 1;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException("could not " + what + " (SQL state " + e.getSQLState() + ")", e);
    }
}
