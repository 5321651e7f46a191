package dev.anshin.cardcontrol.threeds;

/** The outcome of an authentication, as EMV 3-D Secure's transStatus. Names match {@code TransactionStatus}. */
public enum AuthenticationStatus {
    /** Y: authenticated; an authentication value goes with it. */
    AUTHENTICATED,
    /** C: the member is asked; the outcome follows the challenge. */
    CHALLENGE_REQUIRED,
    /** N: not authenticated. */
    NOT_AUTHENTICATED,
    /** R: rejected by the issuer. */
    REJECTED
}
