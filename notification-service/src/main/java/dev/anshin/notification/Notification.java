package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One message presented to a member. The text is fixed once written; only the delivery state moves on. The database
 * holds at most one per (kind, event id): presentation is exactly once even when an event arrives twice.
 */
@Entity
@Table(name = "notification")
public class Notification {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** The event presented (login session, authorization, card transition, campaign message); unique per kind. */
    @Column(name = "event_id", nullable = false, updatable = false, length = 128)
    public String eventId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 24)
    public NotificationKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    public DeliveryChannel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    public Language language;

    /** Null for an SMS. */
    @Column(updatable = false, length = 200)
    public String subject;

    @Column(nullable = false, updatable = false, length = 4000)
    public String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public DeliveryState state;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
