package dev.anshin.cardcontrol.repository;

import static dev.anshin.cardcontrol.repository.SqlFailures.failed;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Verified retries (ご利用確認 answered "it was me") in an authorization decision's transaction, plain JDBC like
 * {@link DecisionLedger}. Read only when a fraud rule matched a purchase (rare), so the decisions of the card network
 * pay nothing for them otherwise. The card is locked by then, so no other decision on it can use one meanwhile.
 */
@ApplicationScoped
public class VerifiedRetryLedger {

    private static final String FIND = "SELECT confirmation_id FROM usage_confirmation_answer WHERE card_id = ?"
            + " AND retry_until >= ? AND retry_authorization_id IS NULL AND outcome = 'VERIFIED' AND amount = ?"
            + " AND merchant_name = ? AND merchant_category_code = ? AND merchant_country = ? ORDER BY answered_at";
    private static final String USE = "UPDATE usage_confirmation_answer SET retry_authorization_id = ?, retry_used_at = ?"
            + " WHERE confirmation_id = ? AND retry_authorization_id IS NULL";

    /** The purchase the member confirmed, matched against a retry; whole yen. */
    public record Purchase(String cardId, long amount, String merchantName, String merchantCategoryCode,
            String merchantCountry) {
    }

    /**
     * The confirmation id of an unused verified retry of this purchase still open at {@code now}, skipping those in
     * {@code taken} (used earlier in the same transaction); null when there is none.
     */
    public String find(LocalTransactions.Tx tx, Purchase purchase, Instant now, Set<String> taken) {
        try (PreparedStatement select = tx.connection().prepareStatement(FIND)) {
            select.setString(1, purchase.cardId());
            select.setObject(2, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            select.setLong(3, purchase.amount());
            select.setString(4, purchase.merchantName());
            select.setString(5, purchase.merchantCategoryCode());
            select.setString(6, purchase.merchantCountry());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (!taken.contains(rows.getString(1))) {
                        return rows.getString(1);
                    }
                }
                return null;
            }
        } catch (SQLException e) {
            throw failed("look for a verified retry", e);
        }
    }

    /** Marks the verified retry used by this approval; false when it had been used (it never is: the card is locked). */
    public boolean use(LocalTransactions.Tx tx, String confirmationId, String authorizationId, Instant now) {
        try (PreparedStatement update = tx.connection().prepareStatement(USE)) {
            update.setString(1, authorizationId);
            update.setObject(2, LocalDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setString(3, confirmationId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("use a verified retry", e);
        }
    }
}
