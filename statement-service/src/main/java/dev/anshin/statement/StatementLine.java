package dev.anshin.statement;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One line of a statement: a lump-sum purchase, one instalment of an instalment purchase, a revolving purchase added
 * to the balance (principal and fee 0), or the revolving payment (no purchase, no card). Whole yen; never changed.
 */
@Entity
@Table(name = "statement_line")
public class StatementLine {

    @Id
    public String id;

    @Column(name = "statement_id", nullable = false, updatable = false)
    public String statementId;

    /** 1-based order on the statement. */
    @Column(name = "line_number", nullable = false, updatable = false)
    public int lineNumber;

    /** The purchase; null on the revolving payment's line. */
    @Column(name = "transaction_id", updatable = false)
    public String transactionId;

    @Column(name = "merchant_name", nullable = false, updatable = false)
    public String merchantName;

    @Column(name = "used_at", updatable = false)
    public Instant usedAt;

    @Column(name = "card_id", updatable = false)
    public String cardId;

    @Column(name = "card_brand", updatable = false)
    public String cardBrand;

    @Column(name = "card_last4", updatable = false, length = 4, columnDefinition = "char(4)")
    public String cardLast4;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_method", nullable = false, updatable = false, length = 16)
    public PaymentMethod paymentMethod;

    @Column(name = "installment_number", updatable = false)
    public Integer installmentNumber;

    @Column(name = "installment_count", updatable = false)
    public Integer installmentCount;

    /** The purchase's whole amount; null on the revolving payment's line. */
    @Column(name = "purchase_amount", updatable = false)
    public Long purchaseAmount;

    @Column(nullable = false, updatable = false)
    public long principal;

    @Column(nullable = false, updatable = false)
    public long fee;
}
