package dev.anshin.statement;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A member's dispute of a posted charge (身に覚えのない請求): one per item. Whether the use falls within fraud
 * compensation is decided once, from the date it was received; operators move its status on.
 */
@Entity
@Table(name = "dispute")
public class Dispute {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** The disputed item (its merchant, amount, use time and card are shown with the dispute). */
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "transaction_id", nullable = false, updatable = false)
    public CardTransaction transaction;

    /** What the member said. */
    @Column(nullable = false, updatable = false, length = 1000)
    public String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public DisputeStatus status;

    /** Use on or after the report date minus 60 days (Japan time): covered by fraud compensation. */
    @Column(name = "compensation_eligible", nullable = false, updatable = false)
    public boolean compensationEligible;

    /** The day it was received, in Japan time. */
    @Column(name = "report_date", nullable = false, updatable = false)
    public LocalDate reportDate;

    @Column(name = "reported_at", nullable = false, updatable = false)
    public Instant reportedAt;

    /** The operator's reason for the last move (always set once rejected). */
    @Column(name = "status_reason", length = 1000)
    public String statusReason;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
