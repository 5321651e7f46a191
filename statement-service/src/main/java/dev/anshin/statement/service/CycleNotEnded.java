package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A cycle closed before its 10th has ended in Japan: purchases of that day would miss it. Nothing changed. */
public class CycleNotEnded extends DomainException {

    public static final String REASON = "CYCLE_NOT_ENDED";

    public CycleNotEnded(String message) {
        super(Status.Code.FAILED_PRECONDITION, REASON, message);
    }
}
