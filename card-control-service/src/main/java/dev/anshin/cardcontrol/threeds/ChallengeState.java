package dev.anshin.cardcontrol.threeds;

/** Where a challenge stands. Only {@link #PENDING} can change, once. Names match {@code ChallengeState}. */
public enum ChallengeState {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED,
    /** An SMS challenge whose tries were used up by wrong codes, or whose code could not be sent. */
    FAILED
}
