package dev.anshin.cardcontrol.service;

/** An authorization id already decided for a different request. */
public class AuthorizationIdReused extends RuntimeException {

    public AuthorizationIdReused(String authorizationId) {
        super("authorization " + authorizationId + " was already decided for a different request");
    }
}
