package dev.anshin.statement.service;

import dev.anshin.kit.error.NotFoundException;

/** No such usage item, or another member's: the two are never told apart. */
public class TransactionNotFoundException extends NotFoundException {

    public static final String REASON = "TRANSACTION_NOT_FOUND";

    public TransactionNotFoundException() {
        super(REASON, "no such usage item for the signed-in member");
    }
}
