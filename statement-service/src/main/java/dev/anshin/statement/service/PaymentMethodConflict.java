package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A payment-method switch the item's state does not allow (FAILED_PRECONDITION): nothing changed. */
public class PaymentMethodConflict extends DomainException {

    /** Pending, reversed or expired: only a posted purchase is switched. */
    public static final String TRANSACTION_NOT_POSTED = "TRANSACTION_NOT_POSTED";
    /** Its cycle closed: a statement billed it already. */
    public static final String CYCLE_CLOSED = "CYCLE_CLOSED";
    /** It is paid by instalments or revolving already (another switch, or the clearing record's method). */
    public static final String PAYMENT_METHOD_ALREADY_CHANGED = "PAYMENT_METHOD_ALREADY_CHANGED";

    public PaymentMethodConflict(String reason, String message) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
    }
}
