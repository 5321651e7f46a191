package dev.anshin.statement;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One debit result billing reported, keyed by its payment id (the idempotency key of RecordPayment). */
@Entity
@Table(name = "statement_payment")
public class StatementPayment {

    @Id
    @Column(name = "payment_id", length = 64)
    public String paymentId;

    @Column(name = "statement_id", nullable = false, updatable = false)
    public String statementId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 8)
    public PaymentResult result;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
}
