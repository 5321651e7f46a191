package dev.anshin.statement;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a dispute's history: its report (no status before), then each operator's move. Never changed. */
@Entity
@Table(name = "dispute_event")
public class DisputeEvent {

    @Id
    public String id;

    @Column(name = "dispute_id", nullable = false, updatable = false)
    public String disputeId;

    /** Its place in the dispute's history: 1 for the report, then one more per move. */
    @Column(nullable = false, updatable = false)
    public int seq;

    /** Null for the report itself. */
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", updatable = false, length = 16)
    public DisputeStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false, updatable = false, length = 16)
    public DisputeStatus toStatus;

    /** MEMBER for the report, OPERATOR for a move. */
    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false, updatable = false, length = 16)
    public ActorKind actorKind;

    @Column(name = "actor_id", nullable = false, updatable = false)
    public String actorId;

    @Column(updatable = false, length = 1000)
    public String reason;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    public Instant occurredAt;
}
