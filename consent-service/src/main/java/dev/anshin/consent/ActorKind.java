package dev.anshin.consent;

/** The kinds of party that record consent events. */
public enum ActorKind {
    /** The member, through the mobile app and the gateway. */
    MEMBER,
    /** Issuer staff acting on the member's request. */
    OPERATOR,
    /** The application system or another service acting on its own. */
    SYSTEM
}
