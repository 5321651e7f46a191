package dev.anshin.statement.service;

import dev.anshin.kit.error.NotFoundException;

/** No such statement, or another member's: the two are never told apart. */
public class StatementNotFoundException extends NotFoundException {

    public static final String REASON = "STATEMENT_NOT_FOUND";

    public StatementNotFoundException() {
        super(REASON, "no such statement for the signed-in member");
    }
}
