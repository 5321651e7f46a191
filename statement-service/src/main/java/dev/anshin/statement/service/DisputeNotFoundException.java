package dev.anshin.statement.service;

import dev.anshin.kit.error.NotFoundException;

/** No such dispute, or another member's: the two are never told apart. */
public class DisputeNotFoundException extends NotFoundException {

    public static final String REASON = "DISPUTE_NOT_FOUND";

    public DisputeNotFoundException() {
        super(REASON, "no such dispute");
    }
}
