package dev.anshin.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The MariaDB test databases ./anshin test prepares (host, port and user come from the build, see pom.xml). The
 * end-to-end tests read them directly to prove what was stored, or not.
 */
final class Database {

    /** card-control-service's database while it runs for these tests; card-control's own tests use another one. */
    static final String CARD_CONTROL = "anshin_card_control_e2e_test";
    /** notification-service's database while it runs for these tests; its own tests use another one. */
    static final String NOTIFICATION = "anshin_notification_e2e_test";
    /** consent-service's database while it runs for these tests; its own tests use another one. */
    static final String CONSENT = "anshin_consent_e2e_test";
    /** The gateway's own (Idempotency-Key records), as %test.quarkus.datasource.jdbc.url says. */
    static final String GATEWAY = "anshin_gateway_test";
    /** statement-service's database while it runs for these tests; statement-service's own tests use another one. */
    static final String STATEMENT = "anshin_statement_e2e_test";

    private Database() {
    }

    static String url(String database) {
        return "jdbc:mysql://" + System.getProperty("anshin.test.db.host", "127.0.0.1") + ":"
                + System.getProperty("anshin.test.db.port", "3306") + "/" + database;
    }

    static String user() {
        return System.getProperty("anshin.test.db.user", "anshin_test");
    }

    static String password() {
        return System.getProperty("anshin.test.db.password", "anshin_test");
    }

    /**
     * Creates the database when it does not exist yet (./anshin test recreates it before every run; a MariaDB prepared
     * before it was added to the suite does not have it). A user that may not create it fails here, saying so.
     */
    static void createIfMissing(String database) {
        String server = "jdbc:mysql://" + System.getProperty("anshin.test.db.host", "127.0.0.1") + ":"
                + System.getProperty("anshin.test.db.port", "3306") + "/";
        try (Connection connection = DriverManager.getConnection(server, user(), password());
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("database " + database + " is missing and could not be created as "
                    + user() + " (./anshin test creates it)", e);
        }
    }

    /** How many usage items statement-service holds for the member, in any state. */
    static long usageItemsOf(String memberId) {
        return Long.parseLong(strings(STATEMENT, "SELECT COUNT(*) FROM card_transaction WHERE member_id = ?", memberId).get(0));
    }

    /** How many consent events consent-service holds for the member (every record, every purpose). */
    static long consentEventsOf(String memberId) {
        return Long.parseLong(strings(CONSENT, "SELECT COUNT(*) FROM consent_event WHERE member_id = ?", memberId).get(0));
    }

    /** How many privacy requests consent-service holds for the member. */
    static long privacyRequestsOf(String memberId) {
        return Long.parseLong(strings(CONSENT, "SELECT COUNT(*) FROM privacy_request WHERE member_id = ?", memberId).get(0));
    }

    /** The purposes of the member's refused consent changes, as consent-service recorded them, oldest first. */
    static List<String> consentRefusalsOf(String memberId) {
        return strings(CONSENT, "SELECT purpose FROM consent_refusal WHERE member_id = ? ORDER BY attempted_at", memberId);
    }

    /** The closing dates (YYYY-MM-DD) of the cycles statement-service has closed. */
    static List<String> closedCycles() {
        return strings(STATEMENT, "SELECT CAST(closing_date AS CHAR) FROM billing_cycle WHERE statements_created >= ?", "0");
    }

    /** The item's payment method as statement-service stores it (LUMP_SUM, INSTALLMENTS, REVOLVING). */
    static String paymentMethod(String transactionId) {
        return strings(STATEMENT, "SELECT payment_method FROM card_transaction WHERE id = ?", transactionId).get(0);
    }

    /** The card's state as stored by card-control-service. */
    static String cardState(String cardId) {
        return cardColumn(cardId, "state");
    }

    /** The card's usable limit (whole yen) as stored by card-control-service. */
    static long usableLimit(String cardId) {
        return Long.parseLong(cardColumn(cardId, "usable_limit"));
    }

    /** The card's version column as stored by card-control-service (the API's version, the ETag, may be offset from it). */
    static long cardVersion(String cardId) {
        return Long.parseLong(cardColumn(cardId, "version"));
    }

    /** The reasons of the card's history entries, oldest first (e.g. ISSUED, TEMPORARY_STOP, REPORTED_LOST). */
    static List<String> history(String cardId) {
        return strings(CARD_CONTROL, "SELECT reason FROM card_transition WHERE card_id = ? ORDER BY sequence_no", cardId);
    }

    /** Ids of the cards card-control holds for the member. */
    static List<String> cardsOf(String memberId) {
        return strings(CARD_CONTROL, "SELECT id FROM card WHERE member_id = ? ORDER BY issued_at, id", memberId);
    }

    /** The member's Idempotency-Key records in the gateway's database: key, state, status, created, expires. */
    static List<IdempotencyRow> idempotencyRows(String memberId) {
        try (Connection connection = connect(GATEWAY);
                PreparedStatement query = connection.prepareStatement("SELECT idempotency_key, state, response_status, "
                        + "response_body, created_at, expires_at FROM idempotency_key WHERE member_id = ? ORDER BY created_at")) {
            query.setString(1, memberId);
            List<IdempotencyRow> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new IdempotencyRow(result.getString(1), result.getString(2), (Integer) result.getObject(3),
                            result.getString(4), result.getTimestamp(5).toInstant(), result.getTimestamp(6).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record IdempotencyRow(String key, String state, Integer responseStatus, String responseBody, Instant createdAt,
            Instant expiresAt) {
    }

    /** Writes an Idempotency-Key record as if a request had left it (for expiry and in-progress cases). */
    static void insertIdempotencyRecord(String id, String memberId, String key, String fingerprint, String state,
            Instant createdAt, Instant expiresAt) {
        try (Connection connection = connect(GATEWAY);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency_key (id, member_id, "
                        + "idempotency_key, request_fingerprint, state, claim_id, response_status, response_headers, "
                        + "response_body, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean completed = "COMPLETED".equals(state);
            insert.setString(1, id);
            insert.setString(2, memberId);
            insert.setString(3, key);
            insert.setString(4, fingerprint);
            insert.setString(5, state);
            insert.setString(6, java.util.UUID.randomUUID().toString());
            insert.setObject(7, completed ? 200 : null);
            insert.setString(8, completed ? "{\"Content-Type\":\"application/json\"}" : null);
            insert.setString(9, completed ? "{\"stored\":true}" : null);
            insert.setTimestamp(10, Timestamp.from(createdAt));
            insert.setTimestamp(11, Timestamp.from(createdAt));
            insert.setTimestamp(12, Timestamp.from(expiresAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every text column of every table in a database, as one string: for scans that nothing sensitive is stored. */
    static String allText(String database) {
        StringBuilder text = new StringBuilder();
        try (Connection connection = connect(database)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet result = connection.getMetaData().getTables(database, null, "%", new String[] { "TABLE" })) {
                while (result.next()) {
                    tables.add(result.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                try (PreparedStatement query = connection.prepareStatement("SELECT * FROM " + table);
                        ResultSet rows = query.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            Object value = rows.getObject(column);
                            if (value instanceof String s) {
                                text.append(s).append('\n');
                            } else if (value instanceof byte[] bytes) {
                                text.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    /** Test setup: a 3-D Secure challenge's five minutes have passed (card-control settles it as expired when read). */
    static void expireChallenge(String challengeId) {
        try (Connection connection = connect(CARD_CONTROL);
                PreparedStatement update = connection.prepareStatement("UPDATE cardholder_authentication"
                        + " SET challenge_expires_at = requested_at WHERE acs_transaction_id = ?")) {
            update.setString(1, challengeId);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no challenge " + challengeId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cardColumn(String cardId, String column) {
        List<String> values = strings(CARD_CONTROL, "SELECT " + column + " FROM card WHERE id = ?", cardId);
        if (values.isEmpty()) {
            throw new AssertionError("no card " + cardId + " in MariaDB");
        }
        return values.get(0);
    }

    private static List<String> strings(String database, String sql, String parameter) {
        try (Connection connection = connect(database);
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), user(), password());
    }
}
