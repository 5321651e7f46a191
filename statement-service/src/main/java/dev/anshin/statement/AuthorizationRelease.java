package dev.anshin.statement;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An authorization whose reserved credit is due back to the member, once: reversed by the clearing system, or expired
 * uncleared. card-control reserved the credit at the approval and knows the authorization by its id, so the id is all
 * a release needs to name. The release is handed to card-control (ReleaseAuthorization) through the outbox, written
 * in the same transaction.
 */
@Entity
@Table(name = "authorization_release")
public class AuthorizationRelease {

    @Id
    @Column(name = "authorization_id", length = 64)
    public String authorizationId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false, length = 16)
    public ReleaseReason reason;

    /** When reversed (the clearing system's time) or expired. */
    @Column(name = "released_at", nullable = false, updatable = false)
    public Instant releasedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static AuthorizationRelease of(String authorizationId, ReleaseReason reason, Instant releasedAt, Instant now) {
        var release = new AuthorizationRelease();
        release.authorizationId = authorizationId;
        release.reason = reason;
        release.releasedAt = releasedAt;
        release.createdAt = now;
        return release;
    }
}
