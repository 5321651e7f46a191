package dev.anshin.consent;

/** Where a consent change was made. Names match {@code anshin.consent.v1.ConsentChannel}. */
public enum ConsentChannel {
    APP,
    WEB,
    PAPER,
    /** By telephone with an operator. */
    PHONE
}
