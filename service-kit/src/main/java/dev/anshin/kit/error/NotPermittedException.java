package dev.anshin.kit.error;

import io.grpc.Status;

/** The caller is authenticated but may not do this (a member's token on a call for a system, say). */
public class NotPermittedException extends DomainException {

    public NotPermittedException(String message) {
        super(Status.Code.PERMISSION_DENIED, "NOT_PERMITTED", message);
    }
}
