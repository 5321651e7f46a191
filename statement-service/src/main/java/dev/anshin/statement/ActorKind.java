package dev.anshin.statement;

/** The kinds of party that call this service. */
public enum ActorKind {
    /** The member, through the mobile app and the gateway. */
    MEMBER,
    /** Issuer staff (role operator): moving disputes on. */
    OPERATOR,
    /** Another service or a job acting on its own (card-control, the clearing system, the billing batch). */
    SYSTEM
}
