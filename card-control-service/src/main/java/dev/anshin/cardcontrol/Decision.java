package dev.anshin.cardcontrol;

/** The answer to the card network. */
public enum Decision {
    APPROVED,
    DECLINED
}
