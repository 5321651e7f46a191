package dev.anshin.cardcontrol.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/**
 * No decision can be taken now, and none was: too many are already waiting for the database, or the service is
 * shutting down. The card network retries or stands in; nothing was recorded for the request.
 */
public class DecisionsUnavailable extends DomainException {

    public DecisionsUnavailable(String message) {
        super(Status.Code.UNAVAILABLE, "DECISIONS_UNAVAILABLE", message);
    }
}
