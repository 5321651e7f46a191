package dev.anshin.consent;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * An application whose consents are recorded: the same application id again returns its first receipt. An application
 * taken before Anshin signed receipts (brought over from the issuer's earlier system) has none: {@link #receiptId} null.
 */
@Entity
@Immutable
@Table(name = "consent_application")
public class ConsentApplication {

    @Id
    @Column(name = "application_id", length = 64)
    public String applicationId;

    @Column(name = "member_id", nullable = false, length = 64)
    public String memberId;

    @Column(name = "receipt_id", length = 36)
    public String receiptId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
