package dev.anshin.cardcontrol;

/** Why a card's history has an entry. Names match {@code anshin.cardcontrol.v1.TransitionReason}. */
public enum TransitionReason {
    ISSUED,
    TEMPORARY_STOP,
    RESUMED,
    REPORTED_LOST,
    REPORTED_STOLEN,
    REPORTED_COMPROMISED,
    REISSUE_DAMAGED,
    REISSUE_EXPIRING,
    ACTIVATED,
    REPLACED,
    FRAUD_HOLD_PLACED,
    FRAUD_HOLD_RELEASED,
    CREDENTIALS_REVEALED,
    USABLE_LIMIT_CHANGED,
    CREDIT_REVIEW_REQUESTED,
    MEMBER_REPORTED_NOT_ME
}
