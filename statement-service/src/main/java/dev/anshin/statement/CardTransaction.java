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
 * One purchase on a member's card: pending from its authorization, posted once it clears (or reversed, or expired,
 * when it never does). The card is shown masked (brand and last four digits); its number never reaches this service.
 */
@Entity
@Table(name = "card_transaction")
public class CardTransaction {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** card-control's opaque card id. */
    @Column(name = "card_id", nullable = false, updatable = false, length = 36)
    public String cardId;

    /** Brand name as card-control reports it ("VISA"): text, so a brand card-control adds later is still shown. */
    @Column(name = "card_brand", nullable = false, updatable = false, length = 16)
    public String cardBrand;

    @Column(name = "card_last4", nullable = false, updatable = false, length = 4, columnDefinition = "char(4)")
    public String cardLast4;

    @Column(name = "merchant_name", nullable = false, length = 200)
    public String merchantName;

    /** Whole yen, positive: the authorized amount while pending, the cleared amount once posted. */
    @Column(nullable = false)
    public long amount;

    /**
     * The amount card-control reserved at the approval (whole yen), kept when the clearing record posts another one;
     * null for an item posted before (or without) its authorization.
     */
    @Column(name = "authorized_amount")
    public Long authorizedAmount;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_method", nullable = false, length = 16)
    public PaymentMethod paymentMethod;

    /** INSTALLMENTS only (at least 2); null otherwise. */
    @Column(name = "installment_count")
    public Integer installmentCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TransactionStatus status;

    /** The authorization that created the pending item; null for a purchase cleared without one. */
    @Column(name = "authorization_id", updatable = false, length = 64)
    public String authorizationId;

    /** The clearing record that posted it; null while pending. */
    @Column(name = "clearing_id", length = 64)
    public String clearingId;

    /** When the purchase was made: the authorization's time, or the clearing record's for an item without one. */
    @Column(name = "used_at", nullable = false, updatable = false)
    public Instant usedAt;

    @Column(name = "posted_at")
    public Instant postedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** The closing date of the cycle whose statement billed it first; null while not billed (it may still switch). */
    @Column(name = "billed_closing_date")
    public LocalDate billedClosingDate;

    /** The closing date of the last cycle that billed it (an instalment purchase is billed by several). */
    @Column(name = "last_billed_closing_date")
    public LocalDate lastBilledClosingDate;

    /** How many of its instalments statements have billed (INSTALLMENTS only; 0 otherwise). */
    @Column(name = "installments_billed", nullable = false)
    public int installmentsBilled;

    /** A dispute was filed against it (身に覚えのない請求): shown on the usage list. */
    @Column(nullable = false)
    public boolean disputed;
}
