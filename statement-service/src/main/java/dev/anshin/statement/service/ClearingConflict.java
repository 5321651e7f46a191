package dev.anshin.statement.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/**
 * A clearing system's request that the authorization's state does not allow (FAILED_PRECONDITION): nothing changed.
 * The message names the authorization (an id the clearing system sent), never a member or a card.
 */
public class ClearingConflict extends DomainException {

    /** The authorization was reversed: it will not be posted. */
    public static final String AUTHORIZATION_REVERSED = "AUTHORIZATION_REVERSED";
    /** Another clearing record posted the authorization already. */
    public static final String AUTHORIZATION_ALREADY_POSTED = "AUTHORIZATION_ALREADY_POSTED";
    /** The authorization was recorded for another member or card than the clearing record names. */
    public static final String AUTHORIZATION_MISMATCH = "AUTHORIZATION_MISMATCH";

    public ClearingConflict(String reason, String message) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
    }
}
