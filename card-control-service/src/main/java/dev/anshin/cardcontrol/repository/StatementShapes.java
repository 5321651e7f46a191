package dev.anshin.cardcontrol.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The texts of the ledgers' statements whose lists grow with a transaction's decisions ({@code IN} lists, multi-row
 * {@code INSERT}s, {@code CASE} lists), kept to a few shapes: the driver's per-connection cache
 * ({@code cachePrepStmts}) keeps each shape prepared on the server, so a statement costs one round trip and no prepare.
 * Each shape's text is built once per process.
 */
final class StatementShapes {

    private StatementShapes() {
    }

    /** Binds one value of a list at a parameter index. */
    interface Binder<V> {
        void bind(PreparedStatement statement, int index, V value) throws SQLException;
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

    /** The text of {@code template} for lists of {@code first} and {@code second} entries, built by {@code build} once. */
    static String text(String template, int first, int second, Supplier<String> build) {
        Shape shape = new Shape(template, first, second);
        String text = TEXTS.get(shape);
        return text != null ? text : TEXTS.computeIfAbsent(shape, ignored -> build.get());
    }

    /**
     * One multi-row {@code INSERT} of exactly {@code rows} rows. Built here rather than left to the driver's batch
     * rewriting, which prepared the rewritten statement anew for every batch (two extra round trips); this text
     * is the same for every batch of the same size, so the driver's statement cache keeps it prepared.
     */
    static PreparedStatement prepareRows(Connection connection, String sql, String row, int rows) throws SQLException {
        return connection.prepareStatement(text(sql, rows, 0,
                () -> sql.formatted(String.join(", ", Collections.nCopies(rows, row)))));
    }

    /**
     * A statement with an {@code IN} list of at least {@code values} placeholders, rounded up to a power of two so
     * that a few statement shapes serve every size (each shape is prepared once per connection).
     * {@link #bindIn} fills the padding with the last value again, which changes no result.
     */
    static PreparedStatement prepareIn(Connection connection, String sql, int values) throws SQLException {
        int padded = paddedSize(values);
        return connection.prepareStatement(text(sql, padded, 0, () -> sql.formatted(placeholders(padded))));
    }

    /** Binds the values from {@code first} on, padded as {@link #prepareIn} sized it; the next free index. */
    static <V> int bindIn(PreparedStatement statement, int first, Collection<V> values, Binder<V> binder)
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

    /** The next power of two from {@code values} on (1 for none): the sizes lists are padded to. */
    static int paddedSize(int values) {
        return values <= 1 ? 1 : Integer.highestOneBit(values - 1) << 1;
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
