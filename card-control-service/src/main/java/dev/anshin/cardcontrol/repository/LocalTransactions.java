package dev.anshin.cardcontrol.repository;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;

/**
 * Local JDBC transactions (not JTA) for the statements of {@link DecisionLedger} and {@link OutboxLedger}: a
 * transaction's work commits when it returns and rolls back when it throws. Not JTA: decisions touch one database, and
 * Narayana's and Agroal's enlistment cost about as much CPU as the statements' own driver work (JFR under
 * {@code ./anshin bench}). A thread that runs transaction after transaction holds one connection for all of them
 * ({@link #openSession}).
 */
@ApplicationScoped
public class LocalTransactions {

    private static final Logger LOG = Logger.getLogger(LocalTransactions.class);

    private final DataSource dataSource;

    public LocalTransactions(DataSource dataSource) {
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
         * Runs {@code work} in a local transaction: committed when it returns, rolled back when it throws.
         * <p>
         * A connection held since an earlier transaction may have been closed by the server meanwhile (its
         * {@code wait_timeout}, a restart, a failover). If this transaction's first contact with the database shows
         * that, or any statement of it fails because the connection is gone, {@code work} runs again once, on a fresh
         * connection: it must do nothing but statements on its {@link Tx}, and be safe to run again even if the commit
         * had reached the server. Decisions are: one that had committed is refused on its key the second time, and
         * then answered as first decided ({@link SqlFailures#isDuplicateKey}).
         */
        public <T> T inTransaction(Function<Tx, T> work) {
            boolean held = connection != null;
            try {
                return attempt(work);
            } catch (PersistenceException e) {
                if (!held || !SqlFailures.connectionLost(e)) {
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
                PersistenceException failure = SqlFailures.failed("commit the decisions", e);
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
                    throw SqlFailures.failed("open a connection for decisions", e);
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

    /**
     * One transaction as the ledgers' statements see it: its connection, and whether the database takes MySQL's forms
     * (MySQL or MariaDB, not H2), which lets a ledger do in one statement what H2 needs two for.
     */
    public static final class Tx {

        private final Connection connection;
        private final boolean mySql;

        private Tx(Connection connection, boolean mySql) {
            this.connection = connection;
            this.mySql = mySql;
        }

        Connection connection() {
            return connection;
        }

        boolean mySql() {
            return mySql;
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
}
