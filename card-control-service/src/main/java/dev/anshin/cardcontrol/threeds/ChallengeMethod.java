package dev.anshin.cardcontrol.threeds;

/** How a challenge asks the cardholder. Names match {@code ChallengeMethod}. */
public enum ChallengeMethod {
    /** The member approves or denies in the app. */
    IN_APP,
    /** A 6-digit one-time code by SMS, typed on the ACS page. */
    SMS_CODE
}
