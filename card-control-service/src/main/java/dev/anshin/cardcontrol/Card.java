package dev.anshin.cardcontrol;

import java.time.Instant;
import java.time.YearMonth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.OptimisticLock;

/**
 * A card. Its number exists here only as ciphertext and a keyed lookup hash (see
 * {@link dev.anshin.cardcontrol.service.CardNumberVault}); nothing outside the vault ever sees it in clear.
 */
@Entity
@Table(name = "card")
public class Card {

    @Id
    public String id;

    // Eager: every view of a card shows the account's contract limit.
    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id", nullable = false, updatable = false)
    public CreditAccount account;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public CardBrand brand;

    @Column(nullable = false, updatable = false, length = 4, columnDefinition = "char(4)")
    public String last4;

    @Column(name = "expiry_year", nullable = false, updatable = false)
    public int expiryYear;

    @Column(name = "expiry_month", nullable = false, updatable = false)
    public int expiryMonth;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CardState state;

    @Column(nullable = false, updatable = false)
    public boolean numberless;

    /** Whole yen, between 0 and the account's contract limit. */
    @Column(name = "usable_limit", nullable = false)
    public long usableLimit;

    @Column(name = "replacement_for", updatable = false)
    public String replacementFor;

    @Column(name = "replaced_by")
    public String replacedBy;

    @Column(name = "pan_ciphertext", nullable = false, updatable = false)
    public byte[] panCiphertext;

    @Column(name = "pan_key_id", nullable = false, updatable = false)
    public String panKeyId;

    @Column(name = "pan_lookup_hash", nullable = false, updatable = false)
    public byte[] panLookupHash;

    @Column(name = "issued_at", nullable = false, updatable = false)
    public Instant issuedAt;

    /**
     * Whole yen approved on this card and not yet settled, checked against {@link #usableLimit}. Changes with every
     * approval, so it is left out of the optimistic version: a purchase is not an edit of the card.
     */
    @OptimisticLock(excluded = true)
    @Column(nullable = false)
    public long outstanding;

    @Version
    public long version;

    /**
     * When a 3-D Secure challenge on this card was last denied or failed (the fraud rule "refused-challenge"). Written
     * only by a challenge's answer, with a statement of its own: not an edit of the card, so never written from here.
     */
    @Column(name = "challenge_refused_at", insertable = false, updatable = false)
    public java.time.Instant challengeRefusedAt;

    public YearMonth expiry() {
        return YearMonth.of(expiryYear, expiryMonth);
    }
}
