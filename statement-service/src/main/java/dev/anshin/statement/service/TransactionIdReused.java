package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A clearing record id already posted with other details (ALREADY_EXISTS): the first posting stands. */
public class TransactionIdReused extends DomainException {

    public static final String REASON = "TRANSACTION_ID_REUSED";

    public TransactionIdReused() {
        super(Status.Code.ALREADY_EXISTS, REASON, "transaction_id was posted already with other details");
    }
}
