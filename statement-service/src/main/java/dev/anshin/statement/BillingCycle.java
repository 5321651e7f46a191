package dev.anshin.statement;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A closed cycle: its statements are made and never change; closing it again changes nothing. */
@Entity
@Table(name = "billing_cycle")
public class BillingCycle {

    /** A 10th, Asia/Tokyo. */
    @Id
    @Column(name = "closing_date")
    public LocalDate closingDate;

    @Column(name = "closed_at", nullable = false, updatable = false)
    public Instant closedAt;

    @Column(name = "statements_created", nullable = false)
    public int statementsCreated;
}
