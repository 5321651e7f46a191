package dev.anshin.cardcontrol.service;

/** A request that is malformed whatever the state of the card (missing field, negative yen...). Nothing was changed. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
