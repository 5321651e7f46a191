package dev.anshin.notification.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.anshin.notification.Delivery;
import dev.anshin.notification.DeliveryAttempt;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.Language;
import dev.anshin.notification.Notification;
import dev.anshin.notification.config.DeliveryConfig;
import dev.anshin.notification.repository.DeliveryAttemptRepository;
import dev.anshin.notification.repository.DeliveryRepository;
import dev.anshin.notification.repository.NotificationRepository;
import dev.anshin.notification.repository.PushDeviceRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Sends the delivery outbox: claims what is due (with a lease, so that relays on several instances never send one
 * at the same time and one that dies frees its claims), sends each outside any transaction, then records the attempt.
 * A failure is retried after initial × 2^(attempt-1), capped, ±20 % jitter; after {@code max-attempts} the delivery
 * is a dead letter (its notification FAILED) until an operator sends it again. At least once: a send whose outcome
 * could not be recorded (a crash) is sent again when its claim runs out. Each delivery goes out on its channel: e-mail
 * over SMTP, SMS through the provider's HTTP API, push through Firebase Cloud Messaging to one registered device; a
 * refusal no retry can change (no recipient on file, a provider's 4xx other than 429) makes it a dead letter at once.
 * A provider's {@code Retry-After} is honoured: the next attempt waits at least that long. A push whose device FCM no
 * longer knows ({@code UNREGISTERED}) removes the device and is not retried. A notification's state follows the
 * delivery on its own channel ({@link Notification#channel}); its pushes, extra copies, leave it alone. A notice whose
 * own channel is push (a 3-D Secure challenge) has one push per device: it is delivered once any device took it, and
 * failed only once every push is a dead letter.
 * <p>
 * Up to {@code senders} sends of a pass are in flight at once, and each is recorded in its own transaction the moment
 * its channel answered: the window in which a crash makes a send go out twice (the channel took it, the record did not
 * commit) is one commit long, for at most {@code senders} messages. A claim's token starts with this instance's tag,
 * so that an instance restarted after a crash frees its previous life's claims at once instead of after the lease.
 */
@ApplicationScoped
public class DeliveryRelay {

    private static final Logger LOG = Logger.getLogger(DeliveryRelay.class);

    private final DeliveryRepository deliveries;
    private final DeliveryAttemptRepository attempts;
    private final NotificationRepository notifications;
    private final EmailSender email;
    private final SmsSender sms;
    private final PushSender push;
    private final PushDeviceRepository pushDevices;
    private final DeliveryConfig config;
    private final Clock clock;
    /** The first 8 hex digits of every claim token this instance makes: SHA-256 of its instance id. */
    private final String instanceTag;
    private final ExecutorService senders;
    private volatile boolean ownClaimsReleased;
    private volatile boolean stopping;

    public DeliveryRelay(DeliveryRepository deliveries, DeliveryAttemptRepository attempts,
            NotificationRepository notifications, EmailSender email, SmsSender sms, PushSender push,
            PushDeviceRepository pushDevices, DeliveryConfig config, Clock clock,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8082") int httpPort) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.notifications = notifications;
        this.email = email;
        this.sms = sms;
        this.push = push;
        this.pushDevices = pushDevices;
        this.config = config;
        this.clock = clock;
        this.instanceTag = tag(config.instanceId().orElseGet(() -> hostName() + ":" + httpPort));
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(Math.max(1, config.senders()), r -> {
            Thread thread = new Thread(r, "delivery-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * When the service stops (before the database goes): no new send starts, and those in flight get up to the send
     * timeout to be recorded, so a restart repeats none of them. What was claimed and not sent waits for this
     * instance's next start (or another relay once the lease runs out).
     */
    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
        senders.shutdown();
        try {
            senders.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    @Scheduled(every = "${anshin.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (!config.relayEnabled()) {
            return;
        }
        try {
            if (!ownClaimsReleased) {
                // The first pass runs once the HTTP port is ours: no live process holds claims with our tag.
                int released = releaseOwnClaims();
                ownClaimsReleased = true;
                if (released > 0) {
                    LOG.warnf("freed %d delivery claim(s) a previous run of this instance held when it stopped; what they"
                            + " had sent but not recorded goes out again", released);
                }
            }
            deliverDue(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("delivery pass failed (%s); what was due stays due", e.toString());
        }
    }

    /**
     * One message to send, read under the claim. {@code address}: where it goes (the recipient; for a push, the
     * device's registration token, null when the device was removed meanwhile). {@code body} is the delivery's secret
     * text when it has one (a one-time code the history must not show), usable until {@code secretExpiresAt}.
     */
    private record Send(String deliveryId, String token, String notificationId, DeliveryChannel channel, String recipient,
            String address, String subject, String body, Language language, String kind, Instant secretExpiresAt,
            boolean primary) {
        @Override
        public String toString() {
            return "Send[" + deliveryId + ", " + channel + "]";
        }
    }

    /**
     * What an attempt came to: null error when the channel took it; permanent when no retry can change it;
     * {@code retryAfter} the provider's wait; {@code unregistered} when FCM no longer knows the device.
     */
    private record Outcome(String error, boolean permanent, Duration retryAfter, boolean unregistered) {
        Outcome(String error, boolean permanent) {
            this(error, permanent, null, false);
        }
    }

    /**
     * Sends everything due at {@code now}, a batch at a time, until nothing due is left unclaimed; the attempts are
     * recorded as made at {@code now}. Returns how many deliveries it attempted.
     */
    public int deliverDue(Instant now) {
        int attempted = 0;
        List<Send> batch;
        do {
            String token = claimToken();
            // The lease runs from the claim, not from the pass's start: a pass draining a backlog for longer than the
            // lease would otherwise make claims already run out, free for another relay to send at the same time.
            Instant wallClock = clock.instant();
            Instant claimedUntil = (now.isAfter(wallClock) ? now : wallClock).plus(config.claimLease());
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Send> sends = new ArrayList<>();
                for (Delivery delivery : deliveries.claimDue(now, token, claimedUntil, config.batchSize())) {
                    Notification notification = notifications.findById(delivery.notificationId);
                    String address = delivery.recipient;
                    if (delivery.channel == DeliveryChannel.PUSH && delivery.recipient != null) {
                        address = pushDevices.findByIdOptional(delivery.recipient).map(d -> d.token).orElse(null);
                    }
                    sends.add(new Send(delivery.id, token, notification.id, delivery.channel, delivery.recipient, address,
                            notification.subject, delivery.secretExpiresAt != null ? delivery.secretText : notification.body,
                            notification.language, notification.kind.name(), delivery.secretExpiresAt,
                            delivery.channel == notification.channel));
                }
                return sends;
            });
            List<CompletableFuture<Void>> inFlight = new ArrayList<>(batch.size());
            try {
                for (Send send : batch) {
                    inFlight.add(CompletableFuture.runAsync(() -> sendAndRecord(send, now), senders));
                }
            } catch (RejectedExecutionException e) {
                // Stopping: what is claimed and not started is sent after the restart.
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            attempted += batch.size();
        } while (batch.size() == config.batchSize() && !stopping);
        return attempted;
    }

    /**
     * One send, recorded at once in its own transaction. Should the record fail (the database gone), the claim stays
     * and the delivery is sent again when it runs out: at least once.
     */
    private void sendAndRecord(Send send, Instant now) {
        if (stopping) {
            return;
        }
        Outcome outcome = send(send, now);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (outcome.error() == null) {
                    recordSent(send, now);
                } else {
                    record(send, outcome, now);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("the attempt of delivery %s (%s) was not recorded (%s); it is attempted again when its claim runs out",
                    send.deliveryId(), outcome.error() == null ? "sent" : "failed", e.toString());
        }
    }

    /** A claim token: this instance's tag, then random, in a UUID's shape (the column holds 36 characters). */
    public String claimToken() {
        return instanceTag + UUID.randomUUID().toString().substring(8);
    }

    /**
     * Frees the pending deliveries claimed under this instance's tag: run by a restarted instance, before its first
     * pass, for the claims its previous life held when it died. Returns how many.
     */
    public int releaseOwnClaims() {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.update(
                "claimToken = null, claimedUntil = null where state = ?1 and claimToken like ?2",
                Delivery.State.PENDING, instanceTag + "-%"));
    }

    private static String tag(String instanceId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(instanceId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Sent, or what went wrong: never the recipient in clear (addresses masked, phone numbers never in an error). */
    private Outcome send(Send send, Instant now) {
        if (send.secretExpiresAt() != null && (send.body() == null || !now.isBefore(send.secretExpiresAt()))) {
            // A one-time code this late is of no use, and its text may already be erased: never sent.
            return new Outcome("the one-time code expired before it could be sent", true);
        }
        if (send.address() == null) {
            return new Outcome(switch (send.channel()) {
                case SMS -> "no phone number on file";
                case PUSH -> "the push device was removed";
                default -> "no e-mail address on file";
            }, true);
        }
        try {
            switch (send.channel()) {
                case EMAIL -> email.send(send.notificationId(), send.recipient(), send.subject(), send.body());
                case SMS -> sms.send(send.notificationId(), send.recipient(), send.body());
                case PUSH -> push.send(send.address(), pushTitle(send.subject(), send.language()), pushBody(send.body()),
                        Map.of("notificationId", send.notificationId(), "kind", send.kind()));
                default -> throw new PermanentDeliveryFailure("no sender for channel " + send.channel());
            }
            return new Outcome(null, false);
        } catch (RuntimeException e) {
            String error = Contacts.maskEmails(e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            return new Outcome(error.length() > 500 ? error.substring(0, 500) : error, e instanceof PermanentDeliveryFailure,
                    e instanceof RetryableDeliveryFailure r ? r.retryAfter().orElse(null) : null,
                    e instanceof UnregisteredPushDevice);
        }
    }

    /** A push's title: the notice's subject; an SMS-only notice (no subject) shows the card's name. */
    static String pushTitle(String subject, Language language) {
        if (subject != null && !subject.isBlank()) {
            return subject;
        }
        return language == Language.EN ? "Anshin Card" : "安心カード";
    }

    /**
     * A push's text: the notice's first paragraph, at most 200 characters. A lock screen shows it to whoever holds
     * the phone, so the details (amount, merchant, place) stay in the app, which opens the notice by its id.
     */
    static String pushBody(String body) {
        String text = body.strip();
        int paragraph = text.indexOf("\n\n");
        if (paragraph > 0) {
            text = text.substring(0, paragraph);
        }
        text = text.replace('\n', ' ');
        return text.length() > 200 ? text.substring(0, 199) + "…" : text;
    }

    /**
     * A send the channel took. Its commit ends the window in which a crash would send the message again, so it is as
     * short as it can be: three statements (the delivery, under our claim; its attempt; the notification's state) and
     * no reads before them.
     */
    private void recordSent(Send send, Instant now) {
        int updated = deliveries.update("""
                state = ?1, deliveredAt = ?2, lastAttemptAt = ?2, attempts = attempts + 1, claimToken = null,
                claimedUntil = null, secretText = null where id = ?3 and claimToken = ?4""",
                Delivery.State.DELIVERED, now, send.deliveryId(), send.token());
        if (updated == 0) {
            // Our claim ran out and another relay took it: it records its own attempt.
            LOG.infof("delivery %s was claimed by another relay meanwhile; not recording this attempt", send.deliveryId());
            return;
        }
        var attempt = new DeliveryAttempt();
        attempt.deliveryId = send.deliveryId();
        attempt.attemptedAt = now;
        attempt.succeeded = true;
        attempts.persist(attempt);
        // A push is an extra copy: the notification's state follows the delivery on its own channel only.
        if (send.primary()) {
            notifications.update("state = ?1 where id = ?2", DeliveryState.DELIVERED, send.notificationId());
        }
    }

    /** An attempt that failed: retried with back-off, or a dead letter. */
    private void record(Send send, Outcome outcome, Instant now) {
        if (send.primary() && send.channel() == DeliveryChannel.PUSH) {
            // A push-only notice's pushes decide its state together, and they are sent in parallel. Its row is locked
            // before anything else is read, so what this transaction reads next includes every sibling's committed
            // outcome: two pushes failing at once cannot each see the other still pending and leave it QUEUED.
            // A plain SELECT ... FOR UPDATE: Hibernate's MySQL dialect writes "FOR UPDATE OF", which MariaDB refuses.
            notifications.getEntityManager().createNativeQuery("SELECT id FROM notification WHERE id = ?1 FOR UPDATE")
                    .setParameter(1, send.notificationId()).getResultList();
        }
        String error = outcome.error();
        Delivery delivery = deliveries.findById(send.deliveryId());
        if (delivery == null || !send.token().equals(delivery.claimToken)) {
            // Our claim ran out and another relay took it: it records its own attempt.
            LOG.infof("delivery %s was claimed by another relay meanwhile; not recording this attempt", send.deliveryId());
            return;
        }
        var attempt = new DeliveryAttempt();
        attempt.deliveryId = delivery.id;
        attempt.attemptedAt = now;
        attempt.succeeded = error == null;
        attempt.error = error;
        attempts.persist(attempt);

        Notification notification = notifications.findById(delivery.notificationId);
        // A push is an extra copy: the notification's state follows the delivery on its own channel only.
        boolean primary = delivery.channel == notification.channel;
        delivery.attempts++;
        delivery.lastAttemptAt = now;
        delivery.claimToken = null;
        delivery.claimedUntil = null;
        if (error == null || delivery.attempts >= config.maxAttempts() || outcome.permanent()) {
            // Sent, or never to be sent by this outbox: a secret it held is no longer needed.
            delivery.secretText = null;
        }
        if (error == null) {
            delivery.state = Delivery.State.DELIVERED;
            delivery.deliveredAt = now;
            if (primary) {
                notification.state = DeliveryState.DELIVERED;
            }
            return;
        }
        // A push-only notice has a push per device, all on its own channel: one device's failure must not undo
        // another's success, nor fail the notice while another push may still get through.
        boolean siblings = primary && delivery.channel == DeliveryChannel.PUSH;
        delivery.lastError = error;
        // No recipient, or refused for good: retrying cannot help, so it is a dead letter at once.
        if (outcome.unregistered()) {
            // FCM no longer knows the token: the device goes, and nothing is retried (a resend would meet "removed").
            pushDevices.findByIdOptional(delivery.recipient).ifPresent(pushDevices::delete);
            LOG.infof("push device %s is no longer registered at FCM: removed", delivery.recipient);
        }
        if (delivery.attempts >= config.maxAttempts() || outcome.permanent()) {
            delivery.state = Delivery.State.DEAD;
            if (primary && (!siblings || deliveries.count("notificationId = ?1 and id <> ?2 and state <> ?3",
                    notification.id, delivery.id, Delivery.State.DEAD) == 0)) {
                notification.state = DeliveryState.FAILED;
            }
            LOG.warnf("delivery %s of notification %s is a dead letter after %d attempt(s): %s", delivery.id,
                    notification.id, delivery.attempts, error);
        } else {
            Duration wait = backoff(delivery.attempts);
            if (outcome.retryAfter() != null && outcome.retryAfter().compareTo(wait) > 0) {
                wait = outcome.retryAfter();
            }
            delivery.nextAttemptAt = now.plus(wait);
            if (primary && notification.state != DeliveryState.DELIVERED) {
                notification.state = DeliveryState.QUEUED;
            }
            LOG.infof("delivery %s failed (attempt %d: %s); next attempt at %s", delivery.id, delivery.attempts, error,
                    delivery.nextAttemptAt);
        }
    }

    /**
     * Erases the texts of one-time codes past their expiry that were not sent (the relay off, the provider failing):
     * a code is kept no longer than it is of use. The relay makes such a delivery a dead letter when it next claims it.
     */
    @Scheduled(every = "${anshin.delivery.secret-purge-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void eraseExpiredSecrets() {
        try {
            eraseSecretsExpiredBy(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("could not erase expired one-time codes (%s); trying again next time", e.toString());
        }
    }

    /** Erases the secret texts expired by {@code now}; how many. */
    public int eraseSecretsExpiredBy(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> deliveries.update(
                "secretText = null where secretText is not null and secretExpiresAt <= ?1", now));
    }

    /** initial × 2^(attempt-1), capped, ±20 % so that a burst of failures does not retry in lockstep. */
    public Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long capped = Math.min(config.maxBackoff().toMillis(), initial << Math.min(attempt - 1, 30));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
