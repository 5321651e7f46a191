package dev.anshin.cardcontrol.threeds.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A challenge that can no longer be answered: it expired, or it was answered already. Nothing was changed. */
public class ChallengeClosed extends DomainException {

    public ChallengeClosed(String reason, String message) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
    }

    static ChallengeClosed expired(String id) {
        return new ChallengeClosed("CHALLENGE_EXPIRED", "challenge " + id + " has expired");
    }

    static ChallengeClosed answered(String id) {
        return new ChallengeClosed("CHALLENGE_ALREADY_ANSWERED", "challenge " + id + " was already answered");
    }
}
