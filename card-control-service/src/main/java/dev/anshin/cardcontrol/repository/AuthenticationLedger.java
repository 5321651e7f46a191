package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
