package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A message to another service, written in the transaction of the change it announces and delivered by the relay
 * until the receiver acknowledges it. The payload is the receiver's gRPC request, serialized; never a card number.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** What the receiver is asked to do; each type is one RPC of one service. */
    public enum Type {
        STATEMENT_RECORD_AUTHORIZATION,
        NOTIFICATION_USAGE,
        NOTIFICATION_USAGE_CONFIRMATION
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false, updatable = false)
    public Type type;

    /** The receiver's deduplication key (the authorization id). */
    @Column(name = "event_id", nullable = false, updatable = false)
    public String eventId;

    @Column(nullable = false, updatable = false)
    public byte[] payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "claim_token")
    public String claimToken;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;
}
