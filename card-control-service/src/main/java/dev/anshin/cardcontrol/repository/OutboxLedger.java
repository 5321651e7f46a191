package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;
import static dev.anshin.cardcontrol.repository.StatementShapes.bindIn;
import static dev.anshin.cardcontrol.repository.StatementShapes.prepareIn;
import static dev.anshin.cardcontrol.repository.StatementShapes.prepareRows;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.LocalTransactions.Tx;

/**
 * The outbox's rows in plain JDBC, in local transactions ({@link LocalTransactions}): the events a decision writes in
 * its own transaction, and the relay's claims on them and the outcomes of their delivery. (Deleting acknowledged
 * events after the retention is {@link OutboxEventRepository}'s, through Hibernate: it is no hot path.) Times are
 * stored as UTC wall-clock time, as Hibernate stores them.
 */
@ApplicationScoped
public class OutboxLedger {

    /**
     * An event not every receiver acknowledged: which of its deliveries have been by now (bits as in
     * {@link OutboxEvent#acknowledgedDeliveries}), its next attempt, and what went wrong (at most 500 chars).
     */
    public record FailedDelivery(OutboxEvent event, int acknowledgedDeliveries, Instant nextAttemptAt, String error) {
    }

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

    /**
     * Writes new outbox events, due at once, with one multi-row {@code INSERT}; the relay reads them only after the
     * transaction commits. Events carrying a claim (handed off to the relay in memory once committed) are the claiming
     * relay's until it ends.
     */
    public void insert(Tx tx, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = prepareRows(tx.connection(), INSERT_OUTBOX, OUTBOX_ROW, events.size())) {
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
    public int releaseClaims(Tx tx, String token) {
        try (PreparedStatement update = tx.connection().prepareStatement(RELEASE_CLAIMS)) {
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
    public List<OutboxEvent> claimDue(Tx tx, Instant now, Instant leaseEnd, int limit) {
        try {
            List<String> candidates = new ArrayList<>(limit);
            try (PreparedStatement due = tx.connection().prepareStatement(DUE_EVENTS)) {
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
            try (PreparedStatement claim = prepareIn(tx.connection(), CLAIM_EVENTS, candidates.size())) {
                claim.setString(1, token);
                claim.setObject(2, utc(leaseEnd));
                int next = bindIn(claim, 3, candidates, PreparedStatement::setString);
                claim.setObject(next, utc(now));
                if (claim.executeUpdate() == 0) {
                    return List.of();
                }
            }
            List<OutboxEvent> claimed = new ArrayList<>(candidates.size());
            try (PreparedStatement read = prepareIn(tx.connection(), CLAIMED_EVENTS, candidates.size())) {
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
    public void markDelivered(Tx tx, Collection<String> eventIds, Instant at) {
        if (eventIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = prepareIn(tx.connection(), MARK_DELIVERED, eventIds.size())) {
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
    public void markFailed(Tx tx, Collection<FailedDelivery> failures) {
        if (failures.isEmpty()) {
            return;
        }
        try (PreparedStatement update = tx.connection().prepareStatement(MARK_FAILED)) {
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

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
