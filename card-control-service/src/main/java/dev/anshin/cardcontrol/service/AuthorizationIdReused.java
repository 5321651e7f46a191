package dev.anshin.cardcontrol.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** An authorization id already decided for a different request. */
public class AuthorizationIdReused extends DomainException {

    public AuthorizationIdReused(String authorizationId) {
        super(Status.Code.ALREADY_EXISTS, "AUTHORIZATION_ID_REUSED", "authorization " + authorizationId + " was already decided for a different request");
    }
}
