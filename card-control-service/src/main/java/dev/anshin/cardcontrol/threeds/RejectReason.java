package dev.anshin.cardcontrol.threeds;

/** Why an authentication was not given. Names match {@code AuthenticationRejectReason}. */
public enum RejectReason {
    INVALID_CARD_DETAILS,
    CARD_CLOSED,
    CARD_SUSPENDED,
    FRAUD_HOLD,
    CARD_NOT_ACTIVATED,
    CHALLENGE_DENIED,
    CHALLENGE_EXPIRED,
    CHALLENGE_FAILED
}
