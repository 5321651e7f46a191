package dev.anshin.cardcontrol.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException;

/** How the plain-JDBC path tells a key already taken and a lost connection from any other failure. */
class SqlFailuresTest {

    private static final SQLException DUPLICATE_KEY = new SQLException("Duplicate entry 'auth-1' for key 'PRIMARY'",
            "23000", 1062);
    private static final SQLException LOCK_WAIT = new MySQLTransactionRollbackException("Lock wait timeout exceeded",
            "40001", 1205);
    private static final SQLException LINK_FAILURE = new SQLException("Communications link failure", "08S01", 0);

    @Test
    void aKeyAlreadyTakenIsADuplicateWhereverItSitsInTheCauseChain() {
        assertThat(SqlFailures.isDuplicateKey(SqlFailures.failed("record the decisions", DUPLICATE_KEY))).isTrue();
        assertThat(SqlFailures.isDuplicateKey(new SQLIntegrityConstraintViolationException("duplicate"))).isTrue();
        assertThat(SqlFailures.isDuplicateKey(new IllegalStateException("wrapped",
                new PersistenceException(DUPLICATE_KEY)))).isTrue();
    }

    @Test
    void aLockConflictALostConnectionOrAFailureWithoutSqlStateIsNoDuplicate() {
        assertThat(SqlFailures.isDuplicateKey(SqlFailures.failed("lock the cards", LOCK_WAIT))).isFalse();
        assertThat(SqlFailures.isDuplicateKey(SqlFailures.failed("lock the cards", LINK_FAILURE))).isFalse();
        assertThat(SqlFailures.isDuplicateKey(new SQLException("no state"))).isFalse();
        assertThat(SqlFailures.isDuplicateKey(new IllegalStateException("not SQL at all"))).isFalse();
    }

    @Test
    void aConnectionIsLostOnSqlStateClass08OrTheDriversConnectionExceptionsOnly() {
        assertThat(SqlFailures.connectionLost(SqlFailures.failed("read decisions", LINK_FAILURE))).isTrue();
        assertThat(SqlFailures.connectionLost(new PersistenceException(
                new SQLNonTransientConnectionException("No operations allowed after connection closed.")))).isTrue();
        assertThat(SqlFailures.connectionLost(SqlFailures.failed("lock the cards", LOCK_WAIT))).isFalse();
        assertThat(SqlFailures.connectionLost(SqlFailures.failed("record the decisions", DUPLICATE_KEY))).isFalse();
    }

    @Test
    void aFailureNamesWhatCouldNotBeDoneAndItsSqlStateAndKeepsTheDriversException() {
        PersistenceException failure = SqlFailures.failed("reserve credit", LOCK_WAIT);

        assertThat(failure).hasMessage("could not reserve credit (SQL state 40001)").hasCause(LOCK_WAIT);
    }
}
