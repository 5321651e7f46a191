package dev.anshin.cardcontrol;

/** Why an authorization was declined. Names match {@code anshin.cardcontrol.v1.DeclineReason}. */
public enum DeclineReason {
    CARD_SUSPENDED,
    CARD_CLOSED,
    FRAUD_HOLD,
    OVER_USABLE_LIMIT,
    OVER_AVAILABLE_CREDIT,
    SUSPECTED_FRAUD,
    INVALID_CARD_DETAILS,
    CARD_NOT_ACTIVATED
}
