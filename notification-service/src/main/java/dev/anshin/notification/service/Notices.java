package dev.anshin.notification.service;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.notification.Delivery;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.Language;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.PushDevice;
import dev.anshin.notification.config.PushConfig;
import dev.anshin.notification.repository.DeliveryRepository;
import dev.anshin.notification.repository.NotificationRepository;
import dev.anshin.notification.repository.PushDeviceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Presents a notice: the message as the member will read it, and its delivery queued in the outbox, in the caller's
 * transaction. The {@code UNIQUE (kind, event_id)} of the message makes presentation exactly once; the relay
 * ({@link DeliveryRelay}) sends it at least once.
 * <p>
 * Push: the notices a member would want on their phone at once — usage notices and the security notices (login,
 * card status, usage confirmation, contact change) — also go to every device the member registered, one delivery per
 * device, in addition to the e-mail (or SMS), when push is enabled. A push is due when the notice's own delivery is:
 * quiet hours hold a usage notice's push like its e-mail; security notices are never held. Marketing is never pushed
 * (e-mail only), nor is a one-time code. A 3-D Secure challenge goes by push only ({@link #presentByPush}).
 */
@ApplicationScoped
public class Notices {

    /** The kinds also sent by push to every registered device. */
    public static final Set<NotificationKind> BY_PUSH = EnumSet.of(NotificationKind.USAGE, NotificationKind.LOGIN,
            NotificationKind.CARD_STATUS, NotificationKind.USAGE_CONFIRMATION, NotificationKind.CONTACT_CHANGE);

    private final NotificationRepository notifications;
    private final DeliveryRepository deliveries;
    private final PushDeviceRepository pushDevices;
    private final PushConfig push;
    private final Clock clock;
    private final DeliveryRelay relay;

    public Notices(NotificationRepository notifications, DeliveryRepository deliveries, PushDeviceRepository pushDevices,
            PushConfig push, Clock clock, DeliveryRelay relay) {
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.pushDevices = pushDevices;
        this.push = push;
        this.clock = clock;
        this.relay = relay;
    }

    /**
     * Presents the event's notice once, in a transaction of its own: the notice presented before for this kind and
     * event id if there is one; otherwise what {@code present} presents (empty: nothing to present, e.g. filtered out
     * by the member's preferences). Two deliveries of one event racing each other meet the unique key; the loser
     * answers with the winner's notice.
     */
    public Optional<Notification> once(NotificationKind kind, String eventId, Supplier<Optional<Notification>> present) {
        try {
            Optional<Notification> notice = QuarkusTransaction.requiringNew().call(() -> {
                Optional<Notification> earlier = notifications.findByEvent(kind, eventId);
                return earlier.isPresent() ? earlier : present.get();
            });
            relay.wake(); // committed: sent now rather than at the relay's next poll
            return notice;
        } catch (RuntimeException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            return QuarkusTransaction.requiringNew().call(() -> notifications.findByEvent(kind, eventId));
        }
    }

    /**
     * As {@link #once} for several events, all in one transaction (one commit for a whole batch): which of them were
     * presented before is read in one query, and {@code presentAll} is given the others, each event id once, to
     * present without flushing each ({@link #presentInBatch}). Returns false, with nothing kept, when the transaction
     * failed (another delivery of one of the events racing it, a database error): the caller then presents each on its
     * own with {@link #once}, so that a failure stays the one item's.
     */
    public <T> boolean onceEach(NotificationKind kind, List<T> events, Function<T, String> eventId,
            Consumer<List<T>> presentAll) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<String> taken = new HashSet<>(notifications.eventIdsPresented(kind,
                        events.stream().map(eventId).toList()));
                List<T> fresh = new ArrayList<>(events.size());
                for (T event : events) {
                    if (taken.add(eventId.apply(event))) {
                        fresh.add(event);
                    }
                }
                presentAll.accept(fresh);
            });
            relay.wake(); // committed: sent now rather than at the relay's next poll
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The registered devices of {@code members} that a notice of {@code kind} goes to by push, read in one query for a
     * batch ({@link #presentInBatch}): none when push is off or the kind is not pushed.
     */
    public Map<String, List<PushDevice>> pushDevicesFor(NotificationKind kind, Collection<String> members) {
        if (!push.enabled() || !BY_PUSH.contains(kind) || members.isEmpty()) {
            return Map.of();
        }
        return pushDevices.ofMembers(members);
    }

    /** A duplicate key (MySQL and MariaDB: 1062; H2: 23505): another transaction presented the same event first. */
    static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == 1062 || "23505".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param recipient the e-mail address it goes to; null when none is on file (the delivery then fails at once
     *        and is a dead letter, for an operator to send again once the member has given one)
     * @param heldUntil when quiet hours end, for a notice they hold; null: due now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification present(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text, String recipient, Instant heldUntil) {
        return present(memberId, kind, eventId, language, text, DeliveryChannel.EMAIL, recipient, heldUntil);
    }

    /** As {@link #present(String, NotificationKind, String, Language, Templates.Rendered, String, Instant)}, on {@code channel}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification present(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text, DeliveryChannel channel, String recipient, Instant heldUntil) {
        return present(memberId, kind, eventId, language, text, channel, recipient, heldUntil, null, null);
    }

    /**
     * As {@link #present(String, NotificationKind, String, Language, Templates.Rendered, DeliveryChannel, String, Instant)},
     * sending {@code secretText} instead of the body the history shows, until {@code secretExpiresAt}: the delivery holds
     * it only until it is sent, dead or expired (see {@link Delivery#secretText}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification present(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text, DeliveryChannel channel, String recipient, Instant heldUntil, String secretText,
            Instant secretExpiresAt) {
        return present(memberId, kind, eventId, language, text, channel, recipient, heldUntil, secretText,
                secretExpiresAt, null);
    }

    /**
     * As {@link #present(String, NotificationKind, String, Language, Templates.Rendered, String, Instant)}, inside
     * {@link #onceEach}: nothing is flushed until the batch commits (its inserts then go as a few multi-row
     * statements; a duplicate event fails the commit, and the caller presents each on its own), and the member's push
     * devices are those read for the whole batch ({@link #pushDevicesFor}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification presentInBatch(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text, String recipient, Instant heldUntil, List<PushDevice> devices) {
        return present(memberId, kind, eventId, language, text, DeliveryChannel.EMAIL, recipient, heldUntil, null, null,
                devices);
    }

    /** {@code devices} null: flush the notice at once, then read the member's devices. */
    private Notification present(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text, DeliveryChannel channel, String recipient, Instant heldUntil, String secretText,
            Instant secretExpiresAt, List<PushDevice> devices) {
        Instant now = clock.instant();
        var notification = new Notification();
        notification.id = UUID.randomUUID().toString();
        notification.memberId = memberId;
        notification.eventId = eventId;
        notification.kind = kind;
        notification.channel = channel;
        notification.language = language;
        notification.subject = text.subject();
        notification.body = text.body();
        notification.state = heldUntil != null ? DeliveryState.HELD : DeliveryState.QUEUED;
        notification.createdAt = now;
        if (devices == null) {
            // Flushed at once: a second presentation of the same event fails here, inside the caller's try.
            notifications.persistAndFlush(notification);
        } else {
            notifications.persist(notification);
        }

        var delivery = new Delivery();
        delivery.id = UUID.randomUUID().toString();
        delivery.notificationId = notification.id;
        delivery.channel = channel;
        delivery.recipient = recipient;
        delivery.state = Delivery.State.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = heldUntil != null ? heldUntil : now;
        delivery.createdAt = now;
        delivery.secretText = secretText;
        delivery.secretExpiresAt = secretExpiresAt;
        deliveries.persist(delivery);
        if (push.enabled() && BY_PUSH.contains(kind)) {
            for (PushDevice device : devices != null ? devices : pushDevices.ofMember(memberId)) {
                queue(notification, DeliveryChannel.PUSH, device.id, delivery.nextAttemptAt);
            }
        }
        return notification;
    }

    /**
     * Presents a notice whose own channel is push: one delivery per device the member registered, due at once (never
     * held by quiet hours), and no e-mail. With no device, or push off, the notice is {@link DeliveryState#IN_APP_ONLY}:
     * in the history, sent nowhere. Its state then follows its pushes: delivered once any device took it, failed only
     * when every push is a dead letter ({@link DeliveryRelay}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notification presentByPush(String memberId, NotificationKind kind, String eventId, Language language,
            Templates.Rendered text) {
        Instant now = clock.instant();
        var devices = push.enabled() ? pushDevices.ofMember(memberId) : java.util.List.<PushDevice>of();
        var notification = new Notification();
        notification.id = UUID.randomUUID().toString();
        notification.memberId = memberId;
        notification.eventId = eventId;
        notification.kind = kind;
        notification.channel = DeliveryChannel.PUSH;
        notification.language = language;
        notification.subject = text.subject();
        notification.body = text.body();
        notification.state = devices.isEmpty() ? DeliveryState.IN_APP_ONLY : DeliveryState.QUEUED;
        notification.createdAt = now;
        // Flushed at once: a second presentation of the same event fails here, inside the caller's try.
        notifications.persistAndFlush(notification);
        for (PushDevice device : devices) {
            queue(notification, DeliveryChannel.PUSH, device.id, now);
        }
        return notification;
    }

    /**
     * Queues one more delivery of a presented notification (a push to one device, or a marketing e-mail once
     * consent-service allowed it), due at {@code dueAt}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Delivery queue(Notification notification, DeliveryChannel channel, String recipient, Instant dueAt) {
        var delivery = new Delivery();
        delivery.id = UUID.randomUUID().toString();
        delivery.notificationId = notification.id;
        delivery.channel = channel;
        delivery.recipient = recipient;
        delivery.state = Delivery.State.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = dueAt;
        delivery.createdAt = clock.instant();
        deliveries.persist(delivery);
        return delivery;
    }
}
