package dev.anshin.consent;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A member's privacy request (Art. 4): its kind, where it stands, and the date it must be answered by. The details
 * may hold personal data and are never logged.
 */
@Entity
@Table(name = "privacy_request")
public class PrivacyRequest {

    /** The page key: newest first is highest first. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    /** What callers see. */
    @Column(nullable = false, length = 36, unique = true)
    public String id;

    @Column(name = "member_id", nullable = false, length = 64)
    public String memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    public PrivacyRequestKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 24)
    public PrivacyRequestStatus status;

    @Column(nullable = false, length = 2000)
    public String details;

    @Column(name = "electronic_delivery", nullable = false)
    public boolean electronicDelivery;

    /** The last day to answer (Japan date). */
    @Column(name = "due_date", nullable = false)
    public LocalDate dueDate;

    /** Why it was partially completed or rejected. */
    @Column(length = 1000)
    public String reason;

    @Column(name = "filed_at", nullable = false)
    public Instant filedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Two operators moving the same request at once: the second fails instead of overwriting the first. */
    @Version
    @Column(nullable = false)
    public long version;

    /** Past its due date (a Japan date) and not finished. */
    public boolean overdueOn(LocalDate today) {
        return !status.isFinal() && today.isAfter(dueDate);
    }
}
