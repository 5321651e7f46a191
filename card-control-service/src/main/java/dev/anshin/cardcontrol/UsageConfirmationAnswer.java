package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The member's answer to a usage confirmation (ご利用確認) of a purchase held as suspected fraud, as notification-service
 * relays it; one per confirmation id. A verified one lets the same purchase through once within its window: the
 * decision that uses it sets {@code retry_authorization_id} (plain JDBC, in the decision's transaction).
 */
@Entity
@Table(name = "usage_confirmation_answer")
public class UsageConfirmationAnswer {

    public enum Outcome {
        VERIFIED,
        DENIED
    }

    @Id
    @Column(name = "confirmation_id")
    public String confirmationId;

    @Column(name = "authorization_id", nullable = false, updatable = false)
    public String authorizationId;

    @Column(name = "card_id", nullable = false, updatable = false)
    public String cardId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Outcome outcome;

    @Column(name = "answered_at", nullable = false, updatable = false)
    public Instant answeredAt;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    /** Whole yen. */
    @Column(nullable = false, updatable = false)
    public long amount;

    @Column(name = "merchant_name", nullable = false, updatable = false)
    public String merchantName;

    @Column(name = "merchant_category_code", nullable = false, updatable = false, length = 4, columnDefinition = "char(4)")
    public String merchantCategoryCode;

    @Column(name = "merchant_country", nullable = false, updatable = false, length = 2, columnDefinition = "char(2)")
    public String merchantCountry;

    /** VERIFIED: until when the retry is let through; null for DENIED. */
    @Column(name = "retry_until", updatable = false)
    public Instant retryUntil;

    /** The approval that used the verified retry; null while unused. Written by the decision, never here. */
    @Column(name = "retry_authorization_id", insertable = false, updatable = false)
    public String retryAuthorizationId;

    @Column(name = "retry_used_at", insertable = false, updatable = false)
    public Instant retryUsedAt;

    @Column(name = "fraud_hold_placed", nullable = false, updatable = false)
    public boolean fraudHoldPlaced;
}
