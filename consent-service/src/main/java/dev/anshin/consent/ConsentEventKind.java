package dev.anshin.consent;

/** What a consent event records. */
public enum ConsentEventKind {
    /** Consent given. */
    GRANTED,
    /** Consent declined on an application, or stopped later. */
    WITHDRAWN
}
