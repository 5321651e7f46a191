package dev.anshin.cardcontrol.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.OutboxEvent;

/**
 * The rows an authorization decision reads and writes, in plain JDBC, in one local transaction per decision.
 * <p>
 * Decisions are the one path the card network drives thousands of times a second; through Hibernate a decision spent
 * more CPU in the ORM (entity loading, dirty checking, flush) than in the database (measured with {@code ./anshin bench},
 * see its README). The statements are the ones Hibernate sent, minus the ones it needed for itself: the locked read of
 * the card takes only the columns a decision uses (not the account: that row is locked by the conditional update that
 * reserves credit), and no entity is managed, so nothing is flushed or compared at commit.
 * A decision's reads, locks and writes ({@link Tx}) commit or roll back together ({@link #inTransaction}). Times are
 * stored as UTC wall-clock time, as Hibernate stores them ({@code quarkus.hibernate-orm.jdbc.timezone=UTC}), so both
 * read each other's rows.
 */
@ApplicationScoped
public class DecisionLedger {

    /** What a decision needs to know about the card it resolved to. Never the number. */
    public record CardOnFile(String id, String accountId, String memberId, CardBrand brand, String last4,
            YearMonth expiry, CardState state, long usableLimit, long outstanding) {
    }

    private static final String LOCK_CARD = "SELECT id, account_id, member_id, brand, last4, expiry_year, expiry_month,"
            + " state, usable_limit, outstanding FROM card WHERE pan_lookup_hash = ? AND expiry_year = ? AND expiry_month = ?"
            + " FOR UPDATE";
    private static final String FIND_DECISION = "SELECT authorization_id, request_fingerprint, card_id, decision,"
            + " decline_reason, approval_code, amount, merchant_name, merchant_category_code, merchant_country, channel,"
            + " usage_confirmation_requested, decided_at FROM card_authorization WHERE authorization_id = ?";
    private static final String COUNT_APPROVALS = "SELECT COUNT(*) FROM card_authorization"
            + " WHERE card_id = ? AND decision = 'APPROVED' AND decided_at > ?";
    private static final String RESERVE_ACCOUNT = "UPDATE credit_account SET outstanding = outstanding + ?,"
            + " version = version + 1 WHERE id = ? AND outstanding + ? <= contract_limit";
    private static final String RESERVE_CARD = "UPDATE card SET outstanding = outstanding + ? WHERE id = ?";
    private static final String INSERT_DECISION = "INSERT INTO card_authorization (authorization_id, request_fingerprint,"
            + " card_id, decision, decline_reason, approval_code, amount, merchant_name, merchant_category_code,"
            + " merchant_country, channel, usage_confirmation_requested, decided_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_OUTBOX = "INSERT INTO outbox_event (id, event_type, event_id, payload, created_at,"
            + " attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;

    public DecisionLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs one decision in its own local transaction on one connection: committed when {@code work} returns, rolled
     * back when it throws. Not JTA: a decision touches one database, and Narayana's and Agroal's enlistment cost about
     * as much CPU as the statements' own driver work (JFR under {@code ./anshin bench}).
     */
    public <T> T inTransaction(Function<Tx, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new Tx(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } catch (SQLException e) {
                rollback(connection, e);
                throw failed("commit the decision", e);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed("run the decision's transaction", e);
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The statements of one decision, on its transaction's connection. */
    public static final class Tx {

        private final Connection connection;

        private Tx(Connection connection) {
            this.connection = connection;
        }

        /**
         * The card with this number and expiry (a same-number reissue shares the number, never the expiry), locked
         * until the transaction ends. Decisions lock the card first, then its account ({@link #reserve}); no path
         * locks them the other way round.
         */
        public Optional<CardOnFile> lockCard(byte[] lookupHash, YearMonth expiry) {
            try (PreparedStatement select = connection.prepareStatement(LOCK_CARD)) {
                select.setBytes(1, lookupHash);
                select.setInt(2, expiry.getYear());
                select.setInt(3, expiry.getMonthValue());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CardOnFile(row.getString(1), row.getString(2), row.getString(3),
                            CardBrand.valueOf(row.getString(4)), row.getString(5),
                            YearMonth.of(row.getInt(6), row.getInt(7)), CardState.valueOf(row.getString(8)),
                            row.getLong(9), row.getLong(10)));
                }
            } catch (SQLException e) {
                throw failed("lock the card", e);
            }
        }

        /** The decision already given under this authorization id, if any. */
        public Optional<CardAuthorization> find(String authorizationId) {
            try (PreparedStatement select = connection.prepareStatement(FIND_DECISION)) {
                select.setString(1, authorizationId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
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
                    return Optional.of(decision);
                }
            } catch (SQLException e) {
                throw failed("read a decision", e);
            }
        }

        /** Approvals on the card decided after the instant (the velocity rule). */
        public long countApprovalsSince(String cardId, Instant since) {
            try (PreparedStatement count = connection.prepareStatement(COUNT_APPROVALS)) {
                count.setString(1, cardId);
                count.setObject(2, utc(since));
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            } catch (SQLException e) {
                throw failed("count approvals", e);
            }
        }

        /**
         * Reserves {@code amount} yen of the account's available credit and adds it to the card's outstanding amount:
         * true when it fitted under the contract limit, false (and nothing changed) when it did not. The account's
         * conditional update locks its row until the transaction ends, so decisions on one account apply one after the
         * other and available credit never goes below zero.
         */
        public boolean reserve(CardOnFile card, long amount) {
            try (PreparedStatement account = connection.prepareStatement(RESERVE_ACCOUNT);
                    PreparedStatement onCard = connection.prepareStatement(RESERVE_CARD)) {
                account.setLong(1, amount);
                account.setString(2, card.accountId());
                account.setLong(3, amount);
                if (account.executeUpdate() != 1) {
                    return false;
                }
                onCard.setLong(1, amount);
                onCard.setString(2, card.id());
                onCard.executeUpdate();
                return true;
            } catch (SQLException e) {
                throw failed("reserve credit", e);
            }
        }

        /**
         * Records the decision. A second decision under one authorization id fails on the primary key (two requests
         * raced past {@link #find}); the whole decision then rolls back and the first decision stands.
         */
        public void insert(CardAuthorization decision) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_DECISION)) {
                insert.setString(1, decision.authorizationId);
                insert.setBytes(2, decision.requestFingerprint);
                insert.setString(3, decision.cardId);
                insert.setString(4, decision.decision.name());
                insert.setString(5, decision.declineReason == null ? null : decision.declineReason.name());
                insert.setString(6, decision.approvalCode);
                insert.setLong(7, decision.amount);
                insert.setString(8, decision.merchantName);
                insert.setString(9, decision.merchantCategoryCode);
                insert.setString(10, decision.merchantCountry);
                insert.setString(11, decision.channel.name());
                insert.setBoolean(12, decision.usageConfirmationRequested);
                insert.setObject(13, utc(decision.decidedAt));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw failed("record the decision", e);
            }
        }

        /** Writes new outbox events, due at once; the relay reads them only after the decision commits. */
        public void insertOutbox(List<OutboxEvent> events) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_OUTBOX)) {
                for (OutboxEvent event : events) {
                    insert.setString(1, event.id);
                    insert.setString(2, event.type.name());
                    insert.setString(3, event.eventId);
                    insert.setBytes(4, event.payload);
                    insert.setObject(5, utc(event.createdAt));
                    insert.setInt(6, event.attempts);
                    insert.setObject(7, utc(event.nextAttemptAt));
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw failed("write the outbox", e);
            }
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException("could not " + what + " (SQL state " + e.getSQLState() + ")", e);
    }
}
