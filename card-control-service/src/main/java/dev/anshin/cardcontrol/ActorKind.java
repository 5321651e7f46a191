package dev.anshin.cardcontrol;

/** The kinds of party that change a card. */
public enum ActorKind {
    MEMBER,
    OPERATOR,
    FRAUD_ENGINE,
    SYSTEM
}
