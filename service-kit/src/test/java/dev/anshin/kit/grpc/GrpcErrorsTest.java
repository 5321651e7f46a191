package dev.anshin.kit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import dev.anshin.kit.error.NotFoundException;
import dev.anshin.kit.testing.ErrorDetails;
import io.grpc.Status;

/** How failures reach callers, whatever service they happen in. */
class GrpcErrorsTest {

    @Test
    void aDeadlockOrLockWaitTimeoutIsAbortedSoTheCallerRetries() {
        var deadlock = new PersistenceException("could not reserve credit (SQL state 40001)",
                new SQLException("Deadlock found when trying to get lock", "40001", 1213));
        var lockWait = new PersistenceException("could not lock the card (SQL state 40001)",
                new SQLException("Lock wait timeout exceeded", "40001", 1205));
        var h2LockTimeout = new PersistenceException("could not lock the card (SQL state HYT00)",
                new SQLException("Timeout trying to lock table", "HYT00", 50200));

        assertEquals(Status.Code.ABORTED, GrpcErrors.common(deadlock).getStatus().getCode());
        assertEquals(Status.Code.ABORTED, GrpcErrors.common(lockWait).getStatus().getCode());
        assertEquals(Status.Code.ABORTED, GrpcErrors.common(h2LockTimeout).getStatus().getCode());
    }

    @Test
    void aUniqueKeyViolationIsAlreadyExistsNotARetryableConflict() {
        var duplicate = new ConstraintViolationException("could not insert",
                new SQLIntegrityConstraintViolationException("Duplicate entry 'x' for key 'uk'", "23000", 1062), "uk");

        var status = GrpcErrors.common(duplicate).getStatus();

        assertEquals(Status.Code.ALREADY_EXISTS, status.getCode());
        assertEquals("it exists already", status.getDescription());
    }

    @Test
    void anyOtherDatabaseFailureIsInternalWithAGenericMessage() {
        var broken = new PersistenceException("could not record the decision (SQL state 08S01)",
                new SQLException("Communications link failure", "08S01", 0));
        var foreignKey = new ConstraintViolationException("could not insert",
                new SQLIntegrityConstraintViolationException("Cannot add or update a child row", "23000", 1452), "fk");

        assertEquals(Status.Code.INTERNAL, GrpcErrors.common(broken).getStatus().getCode());
        assertEquals("internal error", GrpcErrors.common(broken).getStatus().getDescription());
        assertEquals(Status.Code.INTERNAL, GrpcErrors.common(foreignKey).getStatus().getCode());
    }

    @Test
    void aDomainRefusalKeepsItsStatusAndMessageAndCarriesItsReasonInTheServicesDomain() {
        var failure = ServiceErrors.toStatus(new NotFoundException("CARD_NOT_FOUND", "no such card"),
                "cardcontrol.anshin.dev");

        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
        assertEquals("no such card", failure.getStatus().getDescription());
        assertEquals("CARD_NOT_FOUND", ErrorDetails.reason(failure));
        assertEquals("cardcontrol.anshin.dev", ErrorDetails.errorInfo(failure).getDomain());
    }
}
