package dev.anshin.consent.grpc;

import dev.anshin.kit.auth.PeopleRoles;

/** Roles carried by callers' tokens (realm roles in the OpenID Connect provider), as consent.proto names them. */
public final class Roles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = PeopleRoles.MEMBER;
    /** Issuer staff. */
    public static final String OPERATOR = PeopleRoles.OPERATOR;
    /** The issuer's application system, recording the consents given on an application. */
    public static final String APPLICATIONS = "applications";
    /** Messaging systems (notification-service) asking whether a marketing purpose may be used. */
    public static final String CONSENT_CHECK = "consent-check";

    private Roles() {
    }
}
