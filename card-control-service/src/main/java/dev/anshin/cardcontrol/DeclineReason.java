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
    CARD_NOT_ACTIVATED,
    /** Soft decline: an online purchase at or above the threshold without 3-D Secure authentication. */
    AUTHENTICATION_REQUIRED,
    /** The 3-D Secure authentication value does not verify. */
    AUTHENTICATION_VALUE_INVALID,
    /** The 3-D Secure authentication value was spent by an earlier authorization. */
    AUTHENTICATION_VALUE_USED,
    /** The 3-D Secure authentication value is genuine but was given for another purchase. */
    AUTHENTICATION_OTHER_PURCHASE
}
