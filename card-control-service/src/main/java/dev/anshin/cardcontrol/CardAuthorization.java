package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * A decision given to the card network, kept so that the same authorization id always gets the same answer. Holds the
 * card it resolved to, never the card number.
 */
@Entity
@Immutable
@Table(name = "card_authorization")
public class CardAuthorization {

    @Id
    @Column(name = "authorization_id")
    public String authorizationId;

    /** HMAC of the request's details: tells a retry (same details) from a different request reusing the id. */
    @Column(name = "request_fingerprint", nullable = false)
    public byte[] requestFingerprint;

    @Column(name = "card_id")
    public String cardId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Decision decision;

    @Enumerated(EnumType.STRING)
    @Column(name = "decline_reason")
    public DeclineReason declineReason;

    @Column(name = "approval_code", length = 6, columnDefinition = "char(6)")
    public String approvalCode;

    /** Whole yen. */
    @Column(nullable = false)
    public long amount;

    @Column(name = "merchant_name", nullable = false)
    public String merchantName;

    @Column(name = "merchant_category_code", nullable = false, length = 4, columnDefinition = "char(4)")
    public String merchantCategoryCode;

    @Column(name = "merchant_country", nullable = false, length = 2, columnDefinition = "char(2)")
    public String merchantCountry;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "usage_confirmation_requested", nullable = false)
    public boolean usageConfirmationRequested;

    /** The 3-D Secure authentication (acs transaction id) whose value the purchase carried and spent; null without. */
    @Column(name = "authentication_id", length = 36, columnDefinition = "char(36)")
    public String authenticationId;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;
}
