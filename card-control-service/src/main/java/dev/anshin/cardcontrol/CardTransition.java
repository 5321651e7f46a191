package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One entry of a card's history. Written once, never updated or deleted. */
@Entity
@Immutable
@Table(name = "card_transition")
public class CardTransition {

    @Id
    public String id;

    @Column(name = "card_id", nullable = false)
    public String cardId;

    /** 1, 2, 3... per card in the order the entries happened. */
    @Column(name = "sequence_no", nullable = false)
    public long sequenceNo;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state", nullable = false)
    public CardState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public CardState toState;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TransitionReason reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false)
    public ActorKind actorKind;

    @Column(name = "actor_id", nullable = false)
    public String actorId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(length = 500)
    public String comment;
}
