package dev.anshin.kit.error;

import io.grpc.Status;

/**
 * The thing asked for does not exist, or is not the caller's (the two are never told apart). The reason names what
 * was missing ({@code CARD_NOT_FOUND}, {@code STATEMENT_NOT_FOUND}...), and the gateway passes it on as the problem's
 * code.
 */
public class NotFoundException extends DomainException {

    public NotFoundException(String reason, String message) {
        super(Status.Code.NOT_FOUND, reason, message);
    }
}
