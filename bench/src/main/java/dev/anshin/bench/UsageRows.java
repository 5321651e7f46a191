package dev.anshin.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One member's usage history written straight into statement-service's own table ({@code card_transaction}), after
 * the service's Flyway migrations made it. Why not through the RPCs: a million items through RecordAuthorizations and
 * PostTransaction take well over ten minutes on this shared machine (each is a transaction with its row locks, and each
 * posting reads its item first), and it is the list's reading that is measured, not the writing. So the rows are made
 * by the database itself, with {@code INSERT ... SELECT} over a cross join of ten-row tables (portable: MySQL 8 and
 * MariaDB alike), {@value #CHUNK} rows a statement.
 *
 * <p>They look like a real member's: item {@code n} (0 the newest) used {@code n} steps before the newest, the steps
 * spreading the items evenly over the last year; two cards, 70 % of the items on the first; twelve merchants; a few
 * hundred to a few tens of thousands of yen; 1 in 97 in instalments, 1 in 89 revolving, the rest lump sum; the newest
 * 12 still pending (authorized, not cleared); the others posted 40 hours after use, 1 in 20 cleared without an
 * authorization. Every item is listed (no reversed or expired ones), so a member's list holds exactly {@code size}.
 * Ids have the shape of the service's own (UUID version 7, the use time's milliseconds first), each member's distinct.
 */
final class UsageRows {

    /** Rows per INSERT ... SELECT: a power of ten. */
    static final int CHUNK = 100_000;
    static final int PENDING = 12;
    static final Duration SPAN = Duration.ofDays(365);

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final List<String> MERCHANTS = List.of("セブン-イレブン 渋谷道玄坂店", "ローソン 新宿三丁目店", "Amazon.co.jp",
            "楽天市場", "スターバックス 銀座マロニエ通り店", "JR東日本 モバイルSuica", "ユニクロ 池袋東口店", "ENEOS 世田谷SS",
            "ヨドバシカメラ マルチメディア梅田", "東京電力エナジーパートナー", "NETFLIX.COM", "イオン 幕張新都心店");

    /** One member's cards as card-control would report them: opaque id, brand, last four digits. */
    record Card(String id, String brand, String last4) {
    }

    private UsageRows() {
    }

    static Connection connect(Options options) throws SQLException {
        return DriverManager.getConnection(options.statementJdbcUrl() + "?characterEncoding=UTF-8&connectionTimeZone=UTC",
                options.dbUser(), options.dbPassword());
    }

    /**
     * Writes {@code size} items of {@code member} (a multiple of {@value #CHUNK}, or a power of ten below it), the
     * newest used at {@code newest}; {@code memberIndex} (0–255) keeps the ids and outside ids of members apart.
     */
    static void load(Connection db, String member, int memberIndex, int size, Card first, Card second, Instant newest)
            throws SQLException {
        int chunk = Math.min(size, CHUNK);
        int digits = (int) Math.round(Math.log10(chunk));
        if (Math.pow(10, digits) != chunk || size % chunk != 0) {
            throw new IllegalArgumentException("size must be a multiple of " + CHUNK + " or a power of ten below it: " + size);
        }
        long stepMicros = SPAN.toNanos() / 1000 / size;
        Instant top = newest.truncatedTo(ChronoUnit.MICROS);
        long topMicros = ChronoUnit.MICROS.between(Instant.EPOCH, top);
        String topTime = "'" + LocalDateTime.ofInstant(top, ZoneOffset.UTC).format(SQL_TIME) + "'";

        StringJoiner n = new StringJoiner(" + ", "(? + ", ") AS n");
        StringJoiner from = new StringJoiner(", ");
        String tenRows = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
        for (int i = 0; i < digits; i++) {
            n.add((long) Math.pow(10, i) + " * d" + i + ".d");
            from.add(tenRows + " d" + i);
        }
        String usedAt = "TIMESTAMPADD(MICROSECOND, -(n * " + stepMicros + "), " + topTime + ")";
        String hex = "LOWER(LPAD(HEX((" + topMicros + " - n * " + stepMicros + ") DIV 1000), 12, '0'))";
        String id = "CONCAT(SUBSTRING(" + hex + ", 1, 8), '-', SUBSTRING(" + hex + ", 9, 4), '-7',"
                + " LOWER(LPAD(HEX(n MOD 4096), 3, '0')), '-', LOWER(HEX(8 + n MOD 4)),"
                + " LOWER(LPAD(HEX((n DIV 4096) MOD 4096), 3, '0')), '-',"
                + " LOWER(LPAD(HEX(" + memberIndex + " * 1099511627776 + n), 12, '0')))";
        String pending = "n < " + PENDING;
        String posted = "n >= " + PENDING;
        String withoutAuthorization = "(" + posted + " AND n MOD 20 = 0)";
        String installments = "(" + posted + " AND n MOD 97 = 5)";
        String revolving = "(" + posted + " AND n MOD 89 = 7 AND NOT n MOD 97 = 5)";
        String amount = "CASE WHEN " + installments + " THEN 60000 + (n * 7919) MOD 140000"
                + " ELSE 100 + (n * 7919) MOD 29900 - (n * 7919) MOD 29900 MOD 10 END";
        StringJoiner merchants = new StringJoiner(", ", "ELT(1 + n MOD " + MERCHANTS.size() + ", ", ")");
        MERCHANTS.forEach(m -> merchants.add("'" + m + "'"));
        String onFirst = "n MOD 10 < 7";

        String sql = "INSERT INTO card_transaction (id, member_id, card_id, card_brand, card_last4, merchant_name, amount,"
                + " payment_method, installment_count, status, authorization_id, clearing_id, used_at, posted_at, created_at,"
                + " authorized_amount)"
                + " SELECT " + id + ", ?,"
                + " CASE WHEN " + onFirst + " THEN ? ELSE ? END,"
                + " CASE WHEN " + onFirst + " THEN ? ELSE ? END,"
                + " CASE WHEN " + onFirst + " THEN ? ELSE ? END,"
                + " " + merchants + ", " + amount + ","
                + " CASE WHEN " + installments + " THEN 'INSTALLMENTS' WHEN " + revolving + " THEN 'REVOLVING' ELSE 'LUMP_SUM' END,"
                + " CASE WHEN " + installments + " THEN 3 + n MOD 10 END,"
                + " CASE WHEN " + pending + " THEN 'PENDING' ELSE 'POSTED' END,"
                + " CASE WHEN " + withoutAuthorization + " THEN NULL ELSE CONCAT('bench-auth-', " + memberIndex + ", '-', n) END,"
                + " CASE WHEN " + posted + " THEN CONCAT('bench-clr-', " + memberIndex + ", '-', n) END,"
                + " " + usedAt + ","
                + " CASE WHEN " + posted + " THEN TIMESTAMPADD(HOUR, 40, " + usedAt + ") END,"
                + " " + usedAt + ","
                + " CASE WHEN " + withoutAuthorization + " THEN NULL ELSE " + amount + " END"
                + " FROM (SELECT " + n + " FROM " + from + ") numbers";
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (int start = 0; start < size; start += chunk) {
                int p = 1;
                insert.setString(p++, member);
                insert.setString(p++, first.id());
                insert.setString(p++, second.id());
                insert.setString(p++, first.brand());
                insert.setString(p++, second.brand());
                insert.setString(p++, first.last4());
                insert.setString(p++, second.last4());
                // The first item of the chunk, in the FROM clause: the last placeholder of the text.
                insert.setLong(p, start);
                insert.executeUpdate();
            }
        }
    }

    /** Fresh index statistics after the bulk load, as InnoDB's own automatic recalculation would give soon after. */
    static void analyze(Connection db) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("ANALYZE TABLE card_transaction");
        }
    }

    /** Items of the member the usage list shows (pending and posted). */
    static long listed(Connection db, String member) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "SELECT COUNT(*) FROM card_transaction WHERE member_id = ? AND status IN ('PENDING', 'POSTED')")) {
            count.setString(1, member);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The database's plan of the list's page query (the statement statement-service's CardTransactionRepository.page
     * sends for ListTransactions without filters, written out): for the first page, or for a page after the key
     * {@code (usedAt, id)}. One line per table read: access type, index, rows examined (an estimate: the range is
     * read backwards from the key and stops after the page), extra.
     */
    static List<String> plan(Connection db, String member, Instant afterUsedAt, String afterId) throws SQLException {
        String sql = "EXPLAIN SELECT * FROM card_transaction FORCE INDEX (ix_card_transaction_member_used)"
                + " WHERE member_id = ? AND status IN ('PENDING', 'POSTED')"
                + (afterUsedAt == null ? "" : " AND used_at <= ? AND (used_at < ? OR id < ?)")
                + " ORDER BY used_at DESC, id DESC LIMIT 20";
        List<String> lines = new ArrayList<>();
        try (PreparedStatement explain = db.prepareStatement(sql)) {
            explain.setString(1, member);
            if (afterUsedAt != null) {
                String at = LocalDateTime.ofInstant(afterUsedAt, ZoneOffset.UTC).format(SQL_TIME);
                explain.setString(2, at);
                explain.setString(3, at);
                explain.setString(4, afterId);
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    lines.add("type " + rs.getString("type") + ", key " + rs.getString("key") + ", rows "
                            + rs.getString("rows") + ", " + rs.getString("Extra"));
                }
            }
        }
        return lines;
    }
}
