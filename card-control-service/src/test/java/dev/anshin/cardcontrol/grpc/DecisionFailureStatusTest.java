package dev.anshin.cardcontrol.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException;

import dev.anshin.cardcontrol.service.DecisionsUnavailable;
import dev.anshin.kit.grpc.ServiceErrors;
import io.grpc.Status;

/** How failures of the decision path (its plain JDBC wrapped as SqlFailures wraps them) reach the card network. */
class DecisionFailureStatusTest {

    @Test
    void aDeadlockOrLockWaitTimeoutIsAbortedSoTheCallerRetriesNotInternal() {
        var deadlock = new PersistenceException("could not reserve credit (SQL state 40001)",
                new MySQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213));
        var lockWait = new PersistenceException("could not lock the card (SQL state 40001)",
                new SQLException("Lock wait timeout exceeded", "40001", 1205));
        var h2LockTimeout = new PersistenceException("could not lock the card (SQL state HYT00)",
                new SQLException("Timeout trying to lock table", "HYT00", 50200));

        assertEquals(Status.Code.ABORTED, status(deadlock).getStatus().getCode());
        assertEquals(Status.Code.ABORTED, status(lockWait).getStatus().getCode());
        assertEquals(Status.Code.ABORTED, status(h2LockTimeout).getStatus().getCode());
    }

    @Test
    void anyOtherDatabaseFailureIsInternalWithAGenericMessage() {
        var broken = new PersistenceException("could not record the decision (SQL state 08S01)",
                new SQLException("Communications link failure", "08S01", 0));

        var status = status(broken).getStatus();

        assertEquals(Status.Code.INTERNAL, status.getCode());
        assertEquals("internal error", status.getDescription());
    }

    @Test
    void aDecisionRefusedBecauseTooManyAreWaitingIsUnavailableSoTheNetworkRetriesOrStandsIn() {
        var status = status(
                new DecisionsUnavailable("too many requests are waiting for the database; retry shortly")).getStatus();

        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertEquals("too many requests are waiting for the database; retry shortly", status.getDescription());
    }

    private static io.grpc.StatusRuntimeException status(Throwable failure) {
        return ServiceErrors.toStatus(failure, "cardcontrol.anshin.dev");
    }
}
