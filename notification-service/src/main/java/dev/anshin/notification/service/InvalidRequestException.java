package dev.anshin.notification.service;

/** A request that is malformed whatever the stored state (missing field, negative yen...). Nothing was changed. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
