package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One delivery of a notification on one channel: the delivery outbox. At least once (a send whose acknowledgement was
 * not recorded goes out again), retried with back-off, and after the configured number of attempts a dead letter
 * until an operator sends it again.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    /** Where a delivery stands. */
    public enum State {
        /** Due at {@code nextAttemptAt} (first attempt, a retry, or held by quiet hours). */
        PENDING,
        /** The provider took it. */
        DELIVERED,
        /** Attempts ran out: listed for operators, who may send it again. */
        DEAD
    }

    @Id
    public String id;

    @Column(name = "notification_id", nullable = false, updatable = false)
    public String notificationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    public DeliveryChannel channel;

    /** The address fixed when it was queued; null when the member had none on file. */
    @Column(length = 254)
    public String recipient;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 12)
    public State state;

    /** Attempts since it was queued or last sent again. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claim_token", length = 36)
    public String claimToken;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** The last attempt's error, recipient masked. */
    @Column(name = "last_error", length = 500)
    public String lastError;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /**
     * The text to send instead of the notification's body, when it holds a secret the history must not show (a
     * 3-D Secure one-time code): erased once delivered, dead, or past {@link #secretExpiresAt}.
     */
    @Column(name = "secret_text", length = 1000)
    public String secretText;

    /** When the secret stops being of use: not sent after it, and erased. */
    @Column(name = "secret_expires_at")
    public Instant secretExpiresAt;
}
