package dev.anshin.notification;

/** States of a usage confirmation. Names match {@code anshin.notification.v1.ConfirmationState} without the prefix. */
public enum ConfirmationState {
    /** Sent (or to be sent), waiting for the member's answer until it expires. */
    PENDING,
    /** The member said it was them. */
    VERIFIED,
    /** The member said it was not them. */
    DENIED,
    /** No answer in time. */
    EXPIRED,
    /** No phone number on file: nothing could be sent, no answer is expected. */
    UNDELIVERABLE
}
