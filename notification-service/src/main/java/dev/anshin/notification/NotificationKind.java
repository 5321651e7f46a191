package dev.anshin.notification;

/** Kinds of notification. Names match {@code anshin.notification.v1.NotificationKind}. */
public enum NotificationKind {
    /** ログイン通知メール: one per new login session. */
    LOGIN,
    /** 利用通知: one per authorization that passes the member's threshold and categories. */
    USAGE,
    /** A card changed state; sent regardless of marketing choices. */
    CARD_STATUS,
    /** ご利用確認SMS for a held purchase; sent regardless of marketing choices. */
    USAGE_CONFIRMATION,
    /** Sent only when the member has not opted out of the consent purpose. */
    MARKETING,
    /** The member's contact details changed: sent to the address on file before the change, never held. */
    CONTACT_CHANGE,
    /** A 3-D Secure one-time code by SMS; never held; the history shows that a code was sent, never the code. */
    AUTHENTICATION_CODE,
    /** A monthly statement is ready: an account notice, never held, never switched off. */
    STATEMENT_READY,
    /** "This wasn't me" received: cards stopped, sessions ended; never held, never switched off. */
    NOT_ME,
    /**
     * A 3-D Secure challenge waits in the app: pushed to every device (never e-mailed); never held, never switched off.
     */
    AUTHENTICATION_CHALLENGE
}
