package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The follow-up outbox: what a member's answer or report must still make happen in another system, written in the
 * transaction that records the answer or report and relayed until done ({@code FollowUpRelay}). One per kind and
 * subject (the confirmation or the report).
 */
@Entity
@Table(name = "follow_up")
public class FollowUp {

    public enum Kind {
        /** A usage confirmation's answer to card-control (RecordUsageConfirmation); subject: the confirmation. */
        CARD_CONTROL_CONFIRMATION,
        /** "This wasn't me": every active card suspended at card-control (SuspendMemberCards); subject: the report. */
        CARD_CONTROL_SUSPEND_CARDS,
        /** "This wasn't me": every session of the member ended at the identity provider; subject: the report. */
        END_SESSIONS
    }

    public enum State {
        PENDING,
        DONE
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 32)
    public Kind kind;

    @Column(name = "subject_id", nullable = false, updatable = false)
    public String subjectId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claim_token")
    public String claimToken;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "last_error", length = 500)
    public String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "done_at")
    public Instant doneAt;
}
