package dev.anshin.cardcontrol.threeds;

/** Where a challenge stands. Only {@link #PENDING} can change, once. Names match {@code ChallengeState}. */
public enum ChallengeState {
    PENDING,
    APPROVED,
    DENIED,
    EXPIRED
}
