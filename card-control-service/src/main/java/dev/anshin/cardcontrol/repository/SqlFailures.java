package dev.anshin.cardcontrol.repository;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;

/**
 * What a failed plain-JDBC statement means, whichever driver (mysql-connector-j, H2) raised it. Its
 * {@link SQLException} is wrapped in a {@link PersistenceException}, as Hibernate's failures are ({@link #failed}), and
 * stays in the cause chain, where the gRPC status mapping looks for lock conflicts and where {@link #isDuplicateKey}
 * and {@link #connectionLost} sort it.
 */
public final class SqlFailures {

    private SqlFailures() {
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

    /** {@code what} could not be done; the message names it and the SQL state, never a statement's values. */
    static PersistenceException failed(String what, SQLException e) {
        return new PersistenceException("could not " + what + " (SQL state " + e.getSQLState() + ")", e);
    }
}
