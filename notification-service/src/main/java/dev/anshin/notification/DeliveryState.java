package dev.anshin.notification;

/** Where a notification's delivery stands. Delivery is retried with back-off until it is acknowledged or gives up. */
public enum DeliveryState {
    /** Accepted, not yet acknowledged by the provider. */
    QUEUED,
    /** Held by the member's quiet hours; goes out when they end. */
    HELD,
    /** The provider acknowledged it. */
    DELIVERED,
    /** Retries exhausted: a dead letter until an operator sends it again. */
    FAILED,
    /** Marketing the member opted out of (consent-service's CheckPurpose said no): recorded, never sent. */
    SUPPRESSED,
    /** Marketing waiting for consent-service's answer (it could not be asked): nothing sent until it answers. */
    AWAITING_CONSENT,
    /**
     * Sent on no channel, and never will be: shown in the member's history only (a 3-D Secure challenge for a member
     * with no device registered for push, or with push off).
     */
    IN_APP_ONLY
}
