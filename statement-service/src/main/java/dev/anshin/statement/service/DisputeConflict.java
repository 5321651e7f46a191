package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A dispute, or a move of one, that the item's or the dispute's state does not allow (FAILED_PRECONDITION). */
public class DisputeConflict extends DomainException {

    /** Pending, reversed or expired: only a posted charge is disputed. */
    public static final String TRANSACTION_NOT_POSTED = "TRANSACTION_NOT_POSTED";
    /** A move the dispute flow does not allow (received → investigating → upheld or rejected). */
    public static final String ILLEGAL_STATUS_CHANGE = "ILLEGAL_STATUS_CHANGE";

    public DisputeConflict(String reason, String message) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
    }
}
