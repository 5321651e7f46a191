package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.threeds.service.AuthenticationValues.Purchase;

/**
 * The 3-D Secure statements of an authorization decision, in its transaction (plain JDBC like {@link DecisionLedger}).
 * Only a request carrying an authentication value runs one: {@link #spend} when the value verifies for the purchase
 * (one update by primary key), {@link #purchaseOf} when it does not (one read by primary key, to tell a value of
 * another purchase from a forged one).
 */
@ApplicationScoped
public class AuthenticationLedger {

    private static final String SPEND = "UPDATE cardholder_authentication SET used_by_authorization_id = ?, used_at = ?"
            + " WHERE acs_transaction_id = ? AND status = 'AUTHENTICATED' AND used_at IS NULL";
    private static final String PURCHASE = "SELECT card_lookup_hash, amount, merchant_name, merchant_category_code,"
            + " merchant_country FROM cardholder_authentication WHERE acs_transaction_id = ? AND status = 'AUTHENTICATED'";

    private static final String CHALLENGES = "SELECT acs_transaction_id, code_key_id, challenge_state,"
            + " challenge_expires_at FROM cardholder_authentication WHERE acs_transaction_id IN (%s)";
    private static final String FAIL_UNDELIVERABLE = "UPDATE cardholder_authentication SET challenge_state = 'FAILED',"
            + " status = 'NOT_AUTHENTICATED', reject_reason = 'CHALLENGE_FAILED', challenge_answered_at = ?"
            + " WHERE acs_transaction_id = ? AND challenge_state = 'PENDING'";

    /**
     * A challenge as the outbox relay sees it: whether it still waits for the cardholder, and for an SMS one the key
     * its code is derived under (null for an in-app one).
     */
    public record Challenge(String keyId, String state, Instant expiresAt) {

        /** Still waiting for an answer at {@code now}: pending and not yet expired. */
        public boolean waitingAt(Instant now) {
            return "PENDING".equals(state) && expiresAt != null && now.isBefore(expiresAt);
        }

        /** An SMS challenge still waiting, so its code is worth sending. */
        public boolean pendingAt(Instant now) {
            return waitingAt(now) && keyId != null;
        }
    }

    /**
     * The outbox relay's: challenges by authentication id (absent: no such authentication). One read by primary key
     * for a pass's codes, and one for its in-app challenges' pushes.
     */
    public Map<String, Challenge> challenges(LocalTransactions.Tx tx, Collection<String> acsTransactionIds) {
        Map<String, Challenge> keyIds = new HashMap<>();
        if (acsTransactionIds.isEmpty()) {
            return keyIds;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(acsTransactionIds.size(), "?"));
        try (PreparedStatement select = tx.connection().prepareStatement(CHALLENGES.formatted(marks))) {
            int i = 1;
            for (String id : acsTransactionIds) {
                select.setString(i++, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    LocalDateTime expires = row.getObject(4, LocalDateTime.class);
                    keyIds.put(row.getString(1), new Challenge(row.getString(2), row.getString(3),
                            expires == null ? null : expires.toInstant(ZoneOffset.UTC)));
                }
            }
            return keyIds;
        } catch (SQLException e) {
            throw failed("read challenges", e);
        }
    }

    /**
     * The outbox relay's: SMS challenges whose code notification-service could not send (no phone number on file)
     * fail at once (N, {@code CHALLENGE_FAILED}) rather than wait out their five minutes; one already settled stays
     * as it is. Not a refusal by the cardholder, so not a fraud-rule signal.
     */
    public void failUndeliverable(LocalTransactions.Tx tx, Collection<String> acsTransactionIds, Instant now) {
        if (acsTransactionIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = tx.connection().prepareStatement(FAIL_UNDELIVERABLE)) {
            for (String id : acsTransactionIds) {
                update.setObject(1, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
                update.setString(2, id);
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw failed("fail undeliverable challenges", e);
        }
    }

    /** Marks the authentication's value spent by this authorization; false when it was spent before. */
    public boolean spend(LocalTransactions.Tx tx, String acsTransactionId, String authorizationId, Instant now) {
        try (PreparedStatement update = tx.connection().prepareStatement(SPEND)) {
            update.setString(1, authorizationId);
            update.setObject(2, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setString(3, acsTransactionId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("spend an authentication value", e);
        }
    }

    /** The purchase an authenticated authentication's value was given for; null when there is none such. */
    public Purchase purchaseOf(LocalTransactions.Tx tx, String acsTransactionId) {
        try (PreparedStatement select = tx.connection().prepareStatement(PURCHASE)) {
            select.setString(1, acsTransactionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Purchase(acsTransactionId, row.getBytes(1), row.getLong(2), row.getString(3),
                        row.getString(4), row.getString(5)) : null;
            }
        } catch (SQLException e) {
            throw failed("read an authentication", e);
        }
    }
}
