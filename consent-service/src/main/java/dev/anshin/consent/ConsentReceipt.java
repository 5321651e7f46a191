package dev.anshin.consent;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * A signed receipt of one consent change, as it was handed out: the compact JWS the member can keep to prove what
 * was agreed. Its events carry its id ({@link ConsentEvent#receiptId}).
 */
@Entity
@Immutable
@Table(name = "consent_receipt")
public class ConsentReceipt {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, length = 64)
    public String memberId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "key_id", nullable = false, length = 64)
    public String keyId;

    @Column(nullable = false, length = 12000)
    public String jws;
}
