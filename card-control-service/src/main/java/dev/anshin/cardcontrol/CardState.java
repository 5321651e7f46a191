package dev.anshin.cardcontrol;

/** Lifecycle states of a card. {@link #CLOSED} is terminal. */
public enum CardState {
    /** Usable. */
    ACTIVE,
    /** Temporarily stopped (一時停止): same number, reversible at once. */
    SUSPENDED,
    /** Held by fraud monitoring or an operator; the member cannot lift it. */
    FRAUD_HOLD,
    /** Lost, stolen, compromised, replaced or cancelled. Never leaves this state. */
    CLOSED,
    /** A replacement issued but not yet activated by the member. */
    AWAITING_ACTIVATION
}
