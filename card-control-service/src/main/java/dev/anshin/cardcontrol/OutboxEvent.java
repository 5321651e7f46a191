package dev.anshin.cardcontrol;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import com.google.protobuf.MessageLite;

/**
 * A change announced to other services, written in the transaction of the change and delivered by the relay until
 * every receiver has acknowledged it. The payload holds the receivers' gRPC requests, serialized: for a type with one
 * delivery, its request; with several, each request length-delimited, in the order of {@link Type#deliveries}. Never a
 * card number.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** One RPC of one receiving service: what that receiver is asked to do. */
    public enum Delivery {
        STATEMENT_RECORD_AUTHORIZATION,
        NOTIFICATION_USAGE,
        NOTIFICATION_USAGE_CONFIRMATION,
        NOTIFICATION_CARD_STATUS,
        /**
         * A 3-D Secure SMS challenge's one-time code ({@code SendAuthenticationCode}). The stored request carries no
         * code: the relay derives it when it sends ({@code AuthenticationCodes}), so no row ever holds it.
         */
        NOTIFICATION_AUTHENTICATION_CODE,
        /**
         * A 3-D Secure in-app challenge's push ({@code NotifyAuthenticationChallenge}): merchant, amount, last four
         * digits and expiry, so the member opens the app and answers. Not sent for a challenge no longer pending.
         */
        NOTIFICATION_AUTHENTICATION_CHALLENGE
    }

    /** What is announced, and so to whom: the deliveries of an event of this type, in the payload's order. */
    public enum Type {
        /** An approval: the pending statement item, then the usage notice; one row for both receivers. */
        APPROVAL(Delivery.STATEMENT_RECORD_AUTHORIZATION, Delivery.NOTIFICATION_USAGE),
        /** A purchase declined as suspected fraud: the member is asked to confirm it. */
        NOTIFICATION_USAGE_CONFIRMATION(Delivery.NOTIFICATION_USAGE_CONFIRMATION),
        /** An approval's statement item, as approvals were written before {@link #APPROVAL} (schema V4): still delivered. */
        STATEMENT_RECORD_AUTHORIZATION(Delivery.STATEMENT_RECORD_AUTHORIZATION),
        /** An approval's usage notice, as approvals were written before {@link #APPROVAL} (schema V4): still delivered. */
        NOTIFICATION_USAGE(Delivery.NOTIFICATION_USAGE),
        /** A card changed state (or a replacement was issued): the member is told, whatever their preferences. */
        NOTIFICATION_CARD_STATUS(Delivery.NOTIFICATION_CARD_STATUS),
        /** A 3-D Secure challenge asks the cardholder by SMS: the code goes out through notification-service. */
        NOTIFICATION_AUTHENTICATION_CODE(Delivery.NOTIFICATION_AUTHENTICATION_CODE),
        /**
         * A 3-D Secure challenge waits in the member's app: notification-service pushes a prompt to their devices.
         */
        NOTIFICATION_AUTHENTICATION_CHALLENGE(Delivery.NOTIFICATION_AUTHENTICATION_CHALLENGE);

        public final List<Delivery> deliveries;

        Type(Delivery... deliveries) {
            this.deliveries = List.of(deliveries);
        }

        /** The bits of {@link OutboxEvent#acknowledgedDeliveries} when every delivery of this type is acknowledged. */
        public int allDeliveries() {
            return (1 << deliveries.size()) - 1;
        }
    }

    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false, updatable = false)
    public Type type;

    /** The receiver's deduplication key (the authorization id). */
    @Column(name = "event_id", nullable = false, updatable = false)
    public String eventId;

    @Column(nullable = false, updatable = false)
    public byte[] payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /**
     * Which deliveries of the type their receivers have acknowledged so far: bit {@code i} for {@code deliveries[i]}.
     * A delivery acknowledged is not sent again when another of the same event is retried.
     */
    @Column(name = "acknowledged_deliveries", nullable = false)
    public int acknowledgedDeliveries;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Column(name = "claim_token")
    public String claimToken;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;

    /**
     * The requests the payload holds, as built, while the event is in the memory of the instance that wrote it
     * ({@code null} once read back from the table).
     */
    @Transient
    public List<MessageLite> requests;
}
