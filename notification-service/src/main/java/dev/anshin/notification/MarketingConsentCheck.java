package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A marketing notice waiting for consent-service's answer (it could not be asked): nothing is sent until it answers
 * (fail closed). Asked again at {@link #nextCheckAt}, with back-off; claimed with a lease like the delivery outbox.
 */
@Entity
@Table(name = "marketing_consent_check")
public class MarketingConsentCheck {

    @Id
    @Column(name = "notification_id")
    public String notificationId;

    /** consent-service's purpose name, e.g. {@code MARKETING_OWN}. */
    @Column(nullable = false, updatable = false, length = 32)
    public String purpose;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_check_at", nullable = false)
    public Instant nextCheckAt;

    @Column(name = "claim_token", length = 36)
    public String claimToken;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "last_error", length = 500)
    public String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
