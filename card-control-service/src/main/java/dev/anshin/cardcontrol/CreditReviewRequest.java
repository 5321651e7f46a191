package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A usable limit above the contract limit was asked for: a credit decision for the issuer, not a silent change. */
@Entity
@Table(name = "credit_review_request")
public class CreditReviewRequest {

    public enum Status {
        RECEIVED
    }

    @Id
    public String id;

    @Column(name = "card_id", nullable = false, updatable = false)
    public String cardId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** Whole yen. */
    @Column(name = "requested_amount", nullable = false, updatable = false)
    public long requestedAmount;

    /** Whole yen, at the time of the request. */
    @Column(name = "contract_limit", nullable = false, updatable = false)
    public long contractLimit;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false, updatable = false)
    public ActorKind actorKind;

    @Column(name = "actor_id", nullable = false, updatable = false)
    public String actorId;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;
}
