package dev.anshin.statement;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Something another service must hear of, written in the transaction of the change that causes it and delivered by
 * {@link dev.anshin.statement.service.OutboxRelay} until the receiver acknowledges it (at least once; the receiver
 * deduplicates on {@link #id}).
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** What the receiver is asked to do: its RPC. */
    public enum Kind {
        /** notification-service NotifyStatementReady. */
        STATEMENT_READY,
        /** card-control ReleaseAuthorization (a reversal or an expiry). */
        CREDIT_RELEASE,
        /** card-control RecordStatementPaid. */
        STATEMENT_PAID,
        /** card-control RecordStatementOverdue. */
        STATEMENT_OVERDUE
    }

    /** Time-ordered enough (a random UUID); also the event id the receiver deduplicates on. */
    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 32)
    public Kind kind;

    /** What it announces (a statement id, an authorization id, a payment id): one event per kind and this. */
    @Column(name = "event_id", nullable = false, updatable = false, length = 100)
    public String eventId;

    /** The receiver's gRPC request, serialized. */
    @Column(nullable = false, updatable = false, length = 8192)
    public byte[] payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claim_token", length = 36)
    public String claimToken;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error", length = 500)
    public String lastError;
}
