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
 * One consent given, declined or stopped. Written once, never updated or deleted: a member's current consent is
 * derived from these events, and history is never rewritten.
 */
@Entity
@Immutable
@Table(name = "consent_event")
public class ConsentEvent {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false)
    public String memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    public Purpose purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ConsentEventKind kind;

    /** The version of the notice the member saw; a {@link PurposeNotice} of the same purpose. */
    @Column(name = "notice_version", nullable = false, length = 16)
    public String noticeVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ConsentChannel channel;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind", nullable = false, length = 16)
    public ActorKind actorKind;

    @Column(name = "actor_id", nullable = false, length = 128)
    public String actorId;

    /** The co-branding partner of the card applied for (Art. 10), if any. The partner's own consent is not here. */
    @Column(name = "partner_id", length = 64)
    public String partnerId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** 1, 2, 3... per member in the order the events happened. */
    @Column(name = "sequence_no", nullable = false)
    public long sequenceNo;

    /** The SHA-256 of the notice text the member saw (the notice's {@code textSha256}). */
    @Column(name = "notice_sha256", nullable = false, length = 64)
    public String noticeSha256;

    /** Whose record: {@link PurposeNotice#ISSUER} or the partner's id. The issuer's changes never touch a partner's. */
    @Column(nullable = false, length = 64)
    public String controller;

    /** The signed receipt the event was given with. */
    @Column(name = "receipt_id", length = 36)
    public String receiptId;
}
