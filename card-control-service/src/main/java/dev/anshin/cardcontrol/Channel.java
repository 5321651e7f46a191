package dev.anshin.cardcontrol;

/** How a card was used. */
public enum Channel {
    IN_STORE,
    ONLINE,
    CASH
}
