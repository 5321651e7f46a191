package dev.anshin.consent;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * An attempt the rules refused (a required purpose withdrawn while the contract lives). Recorded beside the events,
 * never as one: the member's state does not move because of it.
 */
@Entity
@Immutable
@Table(name = "consent_refusal")
public class ConsentRefusal {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, length = 64)
    public String memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public Purpose purpose;

    /** The reason the caller was given, e.g. REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES. */
    @Column(nullable = false, length = 64)
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ConsentChannel channel;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false, length = 16)
    public ActorKind actorKind;

    @Column(name = "actor_id", nullable = false, length = 128)
    public String actorId;

    @Column(name = "attempted_at", nullable = false)
    public Instant attemptedAt;
}
