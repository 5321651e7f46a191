package dev.anshin.notification.grpc;

import dev.anshin.kit.auth.PeopleRoles;

/** Roles carried by callers' tokens (realm roles in the OpenID Connect provider), as notification.proto names them. */
public final class Roles {

    /** A member of the issuer, signed in through the mobile app. */
    public static final String MEMBER = PeopleRoles.MEMBER;
    /** Issuer staff. */
    public static final String OPERATOR = PeopleRoles.OPERATOR;
    /** The identity provider's event listener, reporting new login sessions. */
    public static final String LOGIN_EVENTS = "login-events";
    /** card-control-service: usage, card status changes and usage confirmations. */
    public static final String CARD_CONTROL = "card-control";
    /** statement-service's outbox relay: statements ready. */
    public static final String STATEMENT = "statement";
    /** The SMS provider's reply webhook, answering usage confirmations. */
    public static final String SMS_INBOUND = "sms-inbound";
    /** The issuer's marketing systems. */
    public static final String MARKETING = "marketing";
    /** consent-service gathering a member's disclosure (開示): ExportMemberData, and nothing else. */
    public static final String PRIVACY_EXPORT = "privacy-export";

    private Roles() {
    }
}
