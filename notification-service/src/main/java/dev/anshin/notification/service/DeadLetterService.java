package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.NotFoundException;
import dev.anshin.notification.Delivery;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.repository.DeliveryRepository;
import dev.anshin.notification.repository.NotificationPreferenceRepository;
import dev.anshin.notification.repository.NotificationRepository;
import io.grpc.Status;

/** Operators' view of deliveries that ran out of attempts, and sending one again. */
@ApplicationScoped
public class DeadLetterService {

    private final DeliveryRepository deliveries;
    private final NotificationRepository notifications;
    private final NotificationPreferenceRepository preferences;
    private final Clock clock;

    public DeadLetterService(DeliveryRepository deliveries, NotificationRepository notifications,
            NotificationPreferenceRepository preferences, Clock clock) {
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.preferences = preferences;
        this.clock = clock;
    }

    /** A dead letter with its notification. */
    public record DeadLetter(Delivery delivery, Notification notification) {
    }

    @Transactional
    public List<DeadLetter> list(Instant afterLastAttempt, String afterId, int limit) {
        return deliveries.deadAfter(afterLastAttempt, afterId, limit).stream()
                .map(d -> new DeadLetter(d, notifications.findById(d.notificationId)))
                .toList();
    }

    /**
     * Due again at once, with a fresh set of attempts (the history keeps the earlier ones). A delivery that had no
     * address takes the one on file now, except an announcement of a contact change, which only ever goes to the
     * address before the change.
     */
    @Transactional
    public Notification resend(String deliveryId) {
        Delivery delivery = deliveries.findByIdOptional(deliveryId)
                .orElseThrow(() -> new NotFoundException("DELIVERY_NOT_FOUND", "no delivery " + deliveryId));
        if (delivery.state != Delivery.State.DEAD) {
            throw new NotificationRuleViolation(Status.Code.FAILED_PRECONDITION, "NOT_A_DEAD_LETTER",
                    "delivery " + deliveryId + " is " + delivery.state + ", not a dead letter");
        }
        Notification notification = notifications.findById(delivery.notificationId);
        if (delivery.recipient == null && delivery.channel == DeliveryChannel.EMAIL
                && notification.kind != NotificationKind.CONTACT_CHANGE) {
            preferences.findByIdOptional(notification.memberId).ifPresent(p -> delivery.recipient = p.email);
        }
        delivery.state = Delivery.State.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = clock.instant();
        delivery.claimToken = null;
        delivery.claimedUntil = null;
        if (delivery.channel == notification.channel && notification.state != DeliveryState.DELIVERED) {
            // A push is an extra copy: the notification's state follows its own channel only (for a push-only
            // notice, one delivered push to another device already made it delivered).
            notification.state = DeliveryState.QUEUED;
        }
        return notification;
    }
}
