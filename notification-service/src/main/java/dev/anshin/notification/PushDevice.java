package dev.anshin.notification;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A member's device registered for push: its Firebase Cloud Messaging registration token, kept as given (it is sent to
 * FCM as it is; on its own it lets nobody send a push), never logged and never answered whole ({@link #maskedToken}).
 */
@Entity
@Table(name = "push_device")
public class PushDevice {

    @Id
    public String id;

    @Column(name = "member_id", nullable = false, updatable = false)
    public String memberId;

    /** The registration token. Never in a log, an error or an answer. */
    @Column(nullable = false, updatable = false, length = 4096)
    public String token;

    /** SHA-256 of the token, hex: the unique key (one device per token). */
    @Column(name = "token_hash", nullable = false, updatable = false, length = 64, columnDefinition = "char(64)")
    public String tokenHash;

    @Column(name = "masked_token", nullable = false, updatable = false, length = 16)
    public String maskedToken;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    public PushPlatform platform;

    @Column(length = 100)
    public String label;

    @Column(name = "registered_at", nullable = false, updatable = false)
    public Instant registeredAt;

    @Override
    public String toString() {
        // Never the token.
        return "PushDevice[" + id + ", " + platform + ", " + maskedToken + "]";
    }
}
