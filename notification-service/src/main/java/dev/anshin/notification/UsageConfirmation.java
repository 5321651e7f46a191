package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * ご利用確認: a purchase declined for suspected fraud, and whether the member says it was them. One per held
 * authorization ({@code UNIQUE (event_id)}). Never the card number: its last four digits.
 */
@Entity
@Table(name = "usage_confirmation")
public class UsageConfirmation {

    @Id
    public String id;

    /** The held authorization's id: card-control's deduplication key. */
    @Column(name = "event_id", nullable = false, updatable = false, length = 128)
    public String eventId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Column(name = "card_id", nullable = false, updatable = false)
    public String cardId;

    @Column(name = "card_last4", nullable = false, updatable = false, length = 4, columnDefinition = "char(4)")
    public String cardLast4;

    /** Whole yen. */
    @Column(nullable = false, updatable = false)
    public long amount;

    @Column(name = "merchant_name", nullable = false, updatable = false)
    public String merchantName;

    @Column(name = "attempted_at", nullable = false, updatable = false)
    public Instant attemptedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ConfirmationState state;

    /** When an answer is no longer accepted; null for an undeliverable one. */
    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The 6-digit code an SMS reply names the confirmation by ("1 <code>" / "2 <code>"); null when no SMS was sent. */
    @Column(name = "reply_code", updatable = false, length = 6, columnDefinition = "char(6)")
    public String replyCode;

    /** The number the SMS went to (E.164): only a reply from it counts. Null when no SMS was sent. */
    @Column(name = "sms_phone_number", updatable = false, length = 16)
    public String smsPhoneNumber;

    /** When the member answered; null until then. */
    @Column(name = "answered_at")
    public Instant answeredAt;

    /** How the member answered: APP or SMS; null until then. */
    @Column(name = "answered_via", length = 8)
    public String answeredVia;
}
