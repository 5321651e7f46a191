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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

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
 * Up to {@code senders} sends of a pass are in flight at once, and each is recorded as soon as its channel answered:
 * one sender at a time records every outcome queued by then in one transaction (a group commit, so that a busy relay
 * commits once per handful of messages, not once per message), and a sender takes its next send only once its last
 * outcome is recorded. The window in which a crash makes a send go out twice (the channel took it, the record did not
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
    /** Outcomes of sends waiting to be recorded, and who is recording (one sender at a time). */
    private final Queue<Attempted> toRecord = new ConcurrentLinkedQueue<>();
    private final ReentrantLock recording = new ReentrantLock();
    /** One pass at a time; a wake while one runs asks it for another; the thread woken passes run on. */
    private final ReentrantLock passing = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "delivery-wake");
        thread.setDaemon(true);
        return thread;
    });
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
        waker.shutdown();
        senders.shutdown();
        try {
            senders.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
        senders.shutdownNow();
    }

    /**
     * Asks for a pass now: notices were just committed ({@link Notices}). Without it a new notice waits for the next
     * poll; with it, a relay that has caught up sends it at once. A pass already running makes one more after it.
     */
    public void wake() {
        if (!config.relayEnabled() || stopping) {
            return;
        }
        wanted.set(true);
        if (!passing.isLocked() && wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakeQueued.set(false);
                    relay();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false); // stopping
            }
        }
    }

    /** Every poll-interval, and when woken: one pass at a time, and one more if woken while it ran. */
    @Scheduled(every = "${anshin.delivery.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        if (!config.relayEnabled()) {
            return;
        }
        do {
            if (!passing.tryLock()) {
                return; // the running pass sees what woke us
            }
            try {
                wanted.set(false);
                pass();
            } finally {
                passing.unlock();
            }
        } while (wanted.get() && !stopping);
    }

    private void pass() {
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

    /** An attempt made at {@code now} (the pass's), waiting to be recorded. */
    private record Attempted(Send send, Outcome outcome, Instant now) {
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
        int batchSize = config.batchSize();
        // At most one batch is handed to the senders at a time: the next one is claimed while the last is still being
        // sent, so the senders never wait for a claim, and no more than two batches are ever claimed at once.
        Semaphore window = new Semaphore(batchSize);
        List<Send> batch;
        do {
            batch = claim(now);
            for (Send send : batch) {
                window.acquireUninterruptibly();
                try {
                    senders.execute(() -> {
                        try {
                            sendAndRecord(send, now);
                        } finally {
                            window.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    // Stopping: what is claimed and not started is sent after the restart.
                    window.release();
                    break;
                }
            }
            attempted += batch.size();
        } while (batch.size() == batchSize && !stopping);
        // The pass ends when every send it started has ended and every outcome is recorded.
        window.acquireUninterruptibly(batchSize);
        window.release(batchSize);
        return attempted;
    }

    /** Claims a batch of what is due at {@code now}, read with its notifications and push devices in three queries. */
    private List<Send> claim(Instant now) {
        String token = claimToken();
        // The lease runs from the claim, not from the pass's start: a pass draining a backlog for longer than the
        // lease would otherwise make claims already run out, free for another relay to send at the same time.
        Instant wallClock = clock.instant();
        Instant claimedUntil = (now.isAfter(wallClock) ? now : wallClock).plus(config.claimLease());
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Delivery> claimed = deliveries.claimDue(now, token, claimedUntil, config.batchSize());
            if (claimed.isEmpty()) {
                return List.<Send>of();
            }
            Map<String, Notification> notificationOf = new HashMap<>();
            notifications.list("id in ?1", claimed.stream().map(d -> d.notificationId).distinct().toList())
                    .forEach(n -> notificationOf.put(n.id, n));
            List<String> deviceIds = claimed.stream()
                    .filter(d -> d.channel == DeliveryChannel.PUSH && d.recipient != null).map(d -> d.recipient).toList();
            Map<String, String> deviceToken = new HashMap<>();
            if (!deviceIds.isEmpty()) {
                pushDevices.list("id in ?1", deviceIds).forEach(d -> deviceToken.put(d.id, d.token));
            }
            List<Send> sends = new ArrayList<>(claimed.size());
            for (Delivery delivery : claimed) {
                Notification notification = notificationOf.get(delivery.notificationId);
                // A push to a device removed meanwhile has no address: it fails as "removed".
                String address = delivery.channel == DeliveryChannel.PUSH ? deviceToken.get(delivery.recipient)
                        : delivery.recipient;
                sends.add(new Send(delivery.id, token, notification.id, delivery.channel, delivery.recipient, address,
                        notification.subject, delivery.secretExpiresAt != null ? delivery.secretText : notification.body,
                        notification.language, notification.kind.name(), delivery.secretExpiresAt,
                        delivery.channel == notification.channel));
            }
            return sends;
        });
    }

    /**
     * One send; its outcome is recorded before this sender takes another. Outcomes are recorded by one sender at a
     * time, each recording all the outcomes queued by then in one transaction (a group commit): a sender that waited
     * while another recorded finds its own outcome recorded with theirs. So no sender has more than one outcome
     * unrecorded, and a crash repeats at most {@code senders} messages. Should a record fail (the database gone), the
     * claim stays and the delivery is sent again when it runs out: at least once.
     */
    private void sendAndRecord(Send send, Instant now) {
        if (stopping) {
            return;
        }
        toRecord.add(new Attempted(send, send(send, now), now));
        recording.lock();
        try {
            while (!toRecord.isEmpty()) {
                recordQueued();
            }
        } finally {
            recording.unlock();
        }
    }

    /** Records the queued outcomes (at most a batch) in one transaction; should that fail, each in its own. */
    private void recordQueued() {
        List<Attempted> queued = new ArrayList<>();
        for (Attempted a; queued.size() < config.batchSize() && (a = toRecord.poll()) != null;) {
            queued.add(a);
        }
        if (queued.isEmpty()) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> record(queued));
        } catch (RuntimeException e) {
            if (queued.size() == 1) {
                notRecorded(queued.get(0), e);
                return;
            }
            for (Attempted attempted : queued) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> record(List.of(attempted)));
                } catch (RuntimeException again) {
                    notRecorded(attempted, again);
                }
            }
        }
    }

    private static void notRecorded(Attempted attempted, RuntimeException e) {
        LOG.warnf("the attempt of delivery %s (%s) was not recorded (%s); it is attempted again when its claim runs out",
                attempted.send().deliveryId(), attempted.outcome().error() == null ? "sent" : "failed", e.toString());
    }

    /** The sends the channels took, together; then each failure on its own. */
    private void record(List<Attempted> outcomes) {
        List<Attempted> sent = outcomes.stream().filter(a -> a.outcome().error() == null).toList();
        if (!sent.isEmpty()) {
            recordSent(sent);
        }
        for (Attempted attempted : outcomes) {
            if (attempted.outcome().error() != null) {
                record(attempted.send(), attempted.outcome(), attempted.now());
            }
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
     * Sends the channels took. Their commit ends the window in which a crash would send them again, so it is as short
     * as it can be: per claim, the deliveries still ours are locked and marked delivered, their attempts inserted in
     * one statement, and their notifications marked delivered in one more, with no entity read.
     */
    private void recordSent(List<Attempted> sent) {
        Map<String, List<Attempted>> byToken = new LinkedHashMap<>();
        sent.forEach(a -> byToken.computeIfAbsent(a.send().token(), t -> new ArrayList<>()).add(a));
        for (var claim : byToken.entrySet()) {
            List<String> ids = claim.getValue().stream().map(a -> a.send().deliveryId()).toList();
            // A plain SELECT ... FOR UPDATE: Hibernate's MySQL dialect writes "FOR UPDATE OF", which MariaDB refuses.
            @SuppressWarnings("unchecked")
            Set<String> ours = new HashSet<>(deliveries.getEntityManager().createNativeQuery(
                    "SELECT id FROM delivery WHERE claim_token = :token AND id IN (:ids) FOR UPDATE")
                    .setParameter("token", claim.getKey()).setParameter("ids", ids).getResultList());
            List<Attempted> recorded = new ArrayList<>(ours.size());
            for (Attempted a : claim.getValue()) {
                if (ours.contains(a.send().deliveryId())) {
                    recorded.add(a);
                } else {
                    // Our claim ran out and another relay took it: it records its own attempt.
                    LOG.infof("delivery %s was claimed by another relay meanwhile; not recording this attempt",
                            a.send().deliveryId());
                }
            }
            if (recorded.isEmpty()) {
                continue;
            }
            Instant now = recorded.get(0).now(); // one claim is one pass's: its attempts share the pass's time
            deliveries.update("""
                    state = ?1, deliveredAt = ?2, lastAttemptAt = ?2, attempts = attempts + 1, claimToken = null,
                    claimedUntil = null, secretText = null where id in ?3 and claimToken = ?4""",
                    Delivery.State.DELIVERED, now, recorded.stream().map(a -> a.send().deliveryId()).toList(),
                    claim.getKey());
            StringBuilder insert = new StringBuilder(
                    "insert into DeliveryAttempt (deliveryId, attemptedAt, succeeded) values ");
            for (int i = 0; i < recorded.size(); i++) {
                insert.append(i == 0 ? "" : ", ").append("(:d").append(i).append(", :at, true)");
            }
            var query = attempts.getEntityManager().createQuery(insert.toString()).setParameter("at", now);
            for (int i = 0; i < recorded.size(); i++) {
                query.setParameter("d" + i, recorded.get(i).send().deliveryId());
            }
            query.executeUpdate();
            // A push is an extra copy: the notification's state follows the delivery on its own channel only.
            List<String> primaries = recorded.stream().filter(a -> a.send().primary())
                    .map(a -> a.send().notificationId()).distinct().toList();
            if (!primaries.isEmpty()) {
                notifications.update("state = ?1 where id in ?2", DeliveryState.DELIVERED, primaries);
            }
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
