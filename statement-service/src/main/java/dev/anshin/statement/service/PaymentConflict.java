package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A debit result the statement's payment state, or the payment id's earlier use, does not allow: nothing changed. */
public class PaymentConflict extends DomainException {

    /** The statement was paid by another payment: a second debit, or a failure reported after it, is refused. */
    public static final String STATEMENT_ALREADY_PAID = "STATEMENT_ALREADY_PAID";
    /** The payment id was recorded for another statement or another result. */
    public static final String PAYMENT_ID_REUSED = "PAYMENT_ID_REUSED";

    private PaymentConflict(Status.Code code, String reason, String message) {
        super(code, reason, message);
    }

    static PaymentConflict alreadyPaid(String statementId) {
        return new PaymentConflict(Status.Code.FAILED_PRECONDITION, STATEMENT_ALREADY_PAID,
                "statement " + statementId + " is paid already");
    }

    static PaymentConflict idReused(String paymentId) {
        return new PaymentConflict(Status.Code.ALREADY_EXISTS, PAYMENT_ID_REUSED,
                "payment " + paymentId + " was recorded for another statement or result");
    }
}
