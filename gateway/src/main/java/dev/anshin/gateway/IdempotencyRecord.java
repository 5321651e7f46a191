package dev.anshin.gateway;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What the gateway remembers of one member's {@code Idempotency-Key}: the first request's fingerprint and, once it
 * completed, the response to replay. Never a revealed card number (credential reveals take no key).
 */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyRecord {

    public enum State {
        /** The first request with the key is running. */
        IN_PROGRESS,
        /** The first request finished; its response is stored. */
        COMPLETED
    }

    /** SHA-256 (hex) of member id and key. */
    @Id
    @Column(length = 64, columnDefinition = "char(64)")
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    @Column(name = "idempotency_key", nullable = false, updatable = false)
    public String idempotencyKey;

    /** SHA-256 (hex) of method, path and canonical body. */
    @Column(name = "request_fingerprint", nullable = false, length = 64, columnDefinition = "char(64)")
    public String requestFingerprint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    /** Random id of the request holding the key; only that request completes or releases it. */
    @Column(name = "claim_id", nullable = false, length = 36, columnDefinition = "char(36)")
    public String claimId;

    @Column(name = "response_status")
    public Integer responseStatus;

    /** The response headers worth replaying, as a JSON object (Content-Type, Location, ETag, Cache-Control...). */
    @Column(name = "response_headers", length = 2000)
    public String responseHeaders;

    @Column(name = "response_body", length = 8000)
    public String responseBody;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
