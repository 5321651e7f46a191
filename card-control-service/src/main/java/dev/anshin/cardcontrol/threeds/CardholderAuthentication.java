package dev.anshin.cardcontrol.threeds;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One purchase attempt the directory server asked about (AReq), the decision taken and why, and its challenge when
 * there was one. Never the card number or the device's details in clear, never the authentication value.
 */
@Entity
@Table(name = "cardholder_authentication")
public class CardholderAuthentication {

    @Id
    @Column(name = "acs_transaction_id", length = 36, columnDefinition = "char(36)")
    public String acsTransactionId;

    @Column(name = "ds_transaction_id", nullable = false, updatable = false)
    public String dsTransactionId;

    @Column(name = "server_transaction_id", nullable = false, updatable = false)
    public String serverTransactionId;

    /** Null when no card matched the number and expiry. */
    @Column(name = "card_id", updatable = false)
    public String cardId;

    @Column(name = "member_id", updatable = false)
    public String memberId;

    @Column(name = "card_lookup_hash", nullable = false, updatable = false)
    public byte[] cardLookupHash;

    /** Whole yen. */
    @Column(nullable = false, updatable = false)
    public long amount;

    @Column(nullable = false, updatable = false, columnDefinition = "char(3)")
    public String currency;

    @Column(name = "merchant_name", nullable = false, updatable = false)
    public String merchantName;

    @Column(name = "merchant_category_code", nullable = false, updatable = false, columnDefinition = "char(4)")
    public String merchantCategoryCode;

    @Column(name = "merchant_country", nullable = false, updatable = false, columnDefinition = "char(2)")
    public String merchantCountry;

    @Enumerated(EnumType.STRING)
    @Column(name = "device_channel", nullable = false, updatable = false)
    public DeviceChannel deviceChannel;

    @Column(name = "device_hash", nullable = false, updatable = false)
    public byte[] deviceHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AuthenticationStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "reject_reason")
    public RejectReason rejectReason;

    @Column(name = "risk_reasons", nullable = false, updatable = false)
    public String riskReasons;

    @Enumerated(EnumType.STRING)
    @Column(name = "challenge_state")
    public ChallengeState challengeState;

    @Column(name = "challenge_expires_at", updatable = false)
    public Instant challengeExpiresAt;

    @Column(name = "challenge_answered_at")
    public Instant challengeAnsweredAt;

    /** Set with a challenge: in the app, or a one-time code by SMS. */
    @Enumerated(EnumType.STRING)
    @Column(name = "challenge_method", updatable = false)
    public ChallengeMethod challengeMethod;

    /** An SMS challenge's: the key its code is derived under (the code itself is never stored). */
    @Column(name = "code_key_id", updatable = false)
    public String codeKeyId;

    /** An SMS challenge's: wrong codes it still accepts. */
    @Column(name = "code_tries_left")
    public Integer codeTriesLeft;

    @Column(name = "value_key_id")
    public String valueKeyId;

    @Column(name = "used_by_authorization_id")
    public String usedByAuthorizationId;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    public List<RiskReason> riskReasons() {
        return riskReasons.isEmpty() ? List.of()
                : Arrays.stream(riskReasons.split(",")).map(RiskReason::valueOf).toList();
    }

    public void riskReasons(List<RiskReason> reasons) {
        riskReasons = String.join(",", reasons.stream().map(Enum::name).toList());
    }
}
