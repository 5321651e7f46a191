package dev.anshin.cardcontrol;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A member's credit account: one per member; every card of the member draws on it. */
@Entity
@Table(name = "credit_account")
public class CreditAccount {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** Whole yen. */
    @Column(name = "contract_limit", nullable = false)
    public long contractLimit;

    /**
     * Whole yen approved and not yet settled on all the account's cards; available credit is the rest. Changed only by
     * {@link dev.anshin.cardcontrol.repository.DecisionLedger#reserve}, in SQL, never through this field.
     */
    @Column(nullable = false, updatable = false)
    public long outstanding;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;
}
