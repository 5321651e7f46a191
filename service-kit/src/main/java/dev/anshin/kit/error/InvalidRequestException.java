package dev.anshin.kit.error;

import io.grpc.Status;

/** A request that is malformed whatever the stored state (missing field, bad value...). Nothing was changed. */
public class InvalidRequestException extends DomainException {

    public InvalidRequestException(String message) {
        super(Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST", message);
    }
}
