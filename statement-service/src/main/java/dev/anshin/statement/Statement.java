package dev.anshin.statement;

import java.time.Instant;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A member's monthly statement: one per member and cycle, built when the cycle closes and not changed after, but for
 * where its payment stands.
 */
@Entity
@Table(name = "statement")
public class Statement {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** The cycle's closing date in Asia/Tokyo: always a 10th. */
    @Column(name = "closing_date", nullable = false, updatable = false)
    public LocalDate closingDate;

    /** The debit date in Asia/Tokyo: the 4th of the next month, or the next business day after it. */
    @Column(name = "payment_date", nullable = false, updatable = false)
    public LocalDate paymentDate;

    /** Whole yen. */
    @Column(name = "principal_total", nullable = false, updatable = false)
    public long principalTotal;

    /** Whole yen (instalment and revolving fees). */
    @Column(name = "fee_total", nullable = false, updatable = false)
    public long feeTotal;

    /** Whole yen: the revolving balance left after this statement's payment. */
    @Column(name = "revolving_balance", nullable = false, updatable = false)
    public long revolvingBalance;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Where its payment stands: the one thing about a statement that changes after its cycle closed. */
    @Enumerated(EnumType.STRING)
    @Column(name = "payment_status", nullable = false, length = 16)
    public PaymentStatus paymentStatus = PaymentStatus.DUE;

    /** The amount debited. */
    public long total() {
        return Math.addExact(principalTotal, feeTotal);
    }
}
