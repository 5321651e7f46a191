package dev.anshin.notification;

/**
 * A card's state as card-control reports it in a card-status notice ({@code NotifyCardStatusChangeRequest.new_state},
 * names of {@code anshin.cardcontrol.v1.CardState} without the prefix).
 */
public enum CardState {
    ACTIVE,
    SUSPENDED,
    FRAUD_HOLD,
    CLOSED,
    AWAITING_ACTIVATION
}
