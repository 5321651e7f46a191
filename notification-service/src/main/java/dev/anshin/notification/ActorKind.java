package dev.anshin.notification;

/** The kinds of party that call this service. */
public enum ActorKind {
    /** The member, through the mobile app and the gateway. */
    MEMBER,
    /** Issuer staff. */
    OPERATOR,
    /** Another service or a job acting on its own (card-control, the identity provider, marketing systems). */
    SYSTEM
}
