package dev.anshin.consent.service;

/** A request that is malformed whatever the stored state (missing field, unknown purpose...). Nothing was changed. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
