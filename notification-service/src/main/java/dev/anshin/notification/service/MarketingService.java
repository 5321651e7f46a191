package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.Language;
import dev.anshin.notification.MarketingConsentCheck;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.QuietHours;
import dev.anshin.notification.client.ConsentClient;
import dev.anshin.notification.config.DeliveryConfig;
import dev.anshin.notification.config.MarketingConfig;
import dev.anshin.notification.repository.MarketingConsentCheckRepository;
import dev.anshin.notification.repository.NotificationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Marketing, sent only when consent-service's CheckPurpose allows its purpose for the member (Art. 2(2) of the
 * consent clause: the member may stop marketing at any time).
 * <ul>
 * <li>Presented once per event id (the campaign's message id): first in state {@code AWAITING_CONSENT}, with nothing
 * queued, and a {@link MarketingConsentCheck} row in the same transaction: the question to consent-service is never
 * lost.</li>
 * <li>Then consent-service is asked, outside any transaction. Allowed: the e-mail is queued (to the address on file
 * then; held by quiet hours like a usage notice). Not allowed: the notice is {@code SUPPRESSED}, recorded and
 * visible in the history, never sent. No answer (down, slow, no token, any failure): nothing is sent, the notice keeps
 * waiting and is asked again after the delivery outbox's back-off (fail closed), by a job every
 * {@code anshin.marketing.recheck-interval}.</li>
 * <li>The same event again answers with the notice as it stands (asking once more if it still waits).</li>
 * </ul>
 * Marketing goes by e-mail only: never by push or SMS.
 */
@ApplicationScoped
public class MarketingService {

    private static final Logger LOG = Logger.getLogger(MarketingService.class);

    private final Notices notices;
    private final NotificationRepository notifications;
    private final MarketingConsentCheckRepository checks;
    private final PreferenceService preferences;
    private final ConsentClient consent;
    private final DeliveryRelay relay;
    private final DeliveryConfig delivery;
    private final MarketingConfig config;
    private final Clock clock;

    public MarketingService(Notices notices, NotificationRepository notifications, MarketingConsentCheckRepository checks,
            PreferenceService preferences, ConsentClient consent, DeliveryRelay relay, DeliveryConfig delivery,
            MarketingConfig config, Clock clock) {
        this.notices = notices;
        this.notifications = notifications;
        this.checks = checks;
        this.preferences = preferences;
        this.consent = consent;
        this.relay = relay;
        this.delivery = delivery;
        this.config = config;
        this.clock = clock;
    }

    /** Presents the message once, then asks consent-service if it still waits; answers the notice as it stands. */
    public Notification send(MarketingMessage message) {
        Notification notification = notices.once(NotificationKind.MARKETING, message.eventId(),
                () -> java.util.Optional.of(present(message))).orElseThrow();
        if (notification.state != DeliveryState.AWAITING_CONSENT) {
            return notification;
        }
        Instant now = clock.instant();
        String token = UUID.randomUUID().toString();
        List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> {
            int won = checks.update("claimToken = ?1, claimedUntil = ?2 where notificationId = ?3 and (claimedUntil is null or claimedUntil < ?4)",
                    token, now.plus(delivery.claimLease()), notification.id, now);
            return won == 0 ? List.<Claimed>of() : List.of(claimedOf(checks.findById(notification.id), token));
        });
        claimed.forEach(c -> resolve(c, now));
        return QuarkusTransaction.requiringNew().call(() -> notifications.findById(notification.id));
    }

    private Notification present(MarketingMessage message) {
        NotificationPreference preference = preferences.get(message.memberId());
        Instant now = clock.instant();
        var notification = new Notification();
        notification.id = UUID.randomUUID().toString();
        notification.memberId = message.memberId();
        notification.eventId = message.eventId();
        notification.kind = NotificationKind.MARKETING;
        notification.channel = DeliveryChannel.EMAIL;
        notification.language = preference.language;
        boolean en = preference.language == Language.EN;
        notification.subject = en ? message.subjectEn() : message.subjectJa();
        notification.body = en ? message.bodyEn() : message.bodyJa();
        notification.state = DeliveryState.AWAITING_CONSENT;
        notification.createdAt = now;
        // Flushed at once: a second presentation of the same event fails here, inside Notices.once.
        notifications.persistAndFlush(notification);

        var check = new MarketingConsentCheck();
        check.notificationId = notification.id;
        check.purpose = message.purpose().name().substring("PURPOSE_".length());
        check.attempts = 0;
        check.nextCheckAt = now;
        check.createdAt = now;
        checks.persist(check);
        return notification;
    }

    @Scheduled(every = "${anshin.marketing.recheck-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheck() {
        if (!config.recheckEnabled()) {
            return;
        }
        try {
            recheckDue(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("marketing consent pass failed (%s); what waits keeps waiting", e.toString());
        }
    }

    /** A check this pass holds. */
    private record Claimed(String notificationId, String memberId, Purpose purpose, String token) {
    }

    private Claimed claimedOf(MarketingConsentCheck check, String token) {
        Notification notification = notifications.findById(check.notificationId);
        return new Claimed(check.notificationId, notification.memberId, Purpose.valueOf("PURPOSE_" + check.purpose), token);
    }

    /** Asks consent-service again for every waiting notice due at {@code now}; returns how many it asked about. */
    public int recheckDue(Instant now) {
        int asked = 0;
        List<Claimed> batch;
        do {
            String token = UUID.randomUUID().toString();
            batch = QuarkusTransaction.requiringNew().call(() -> {
                List<Claimed> claimed = new ArrayList<>();
                for (MarketingConsentCheck check : checks.claimDue(now, token, now.plus(delivery.claimLease()), config.batchSize())) {
                    claimed.add(claimedOf(check, token));
                }
                return claimed;
            });
            for (Claimed claimed : batch) {
                resolve(claimed, now);
                asked++;
            }
        } while (batch.size() == config.batchSize());
        return asked;
    }

    /** Asks consent-service (outside any transaction), then records what it said, or that it said nothing. */
    private void resolve(Claimed claimed, Instant now) {
        Boolean allowed;
        String error = null;
        try {
            allowed = consent.allows(claimed.memberId(), claimed.purpose());
        } catch (ConsentClient.ConsentUnavailable e) {
            allowed = null;
            error = e.getMessage();
        }
        Boolean answer = allowed;
        String failure = error;
        QuarkusTransaction.requiringNew().run(() -> record(claimed, answer, failure, now));
    }

    private void record(Claimed claimed, Boolean allowed, String error, Instant now) {
        MarketingConsentCheck check = checks.findById(claimed.notificationId());
        if (check == null || !claimed.token().equals(check.claimToken)) {
            LOG.infof("consent check of notification %s was taken by another pass meanwhile", claimed.notificationId());
            return;
        }
        Notification notification = notifications.findById(claimed.notificationId());
        if (allowed == null) {
            check.attempts++;
            check.lastError = error.length() > 500 ? error.substring(0, 500) : error;
            check.nextCheckAt = now.plus(relay.backoff(check.attempts));
            check.claimToken = null;
            check.claimedUntil = null;
            LOG.infof("marketing notification %s waits for consent-service (attempt %d: %s); asked again at %s",
                    notification.id, check.attempts, check.lastError, check.nextCheckAt);
            return;
        }
        checks.delete(check);
        if (!allowed) {
            notification.state = DeliveryState.SUPPRESSED;
            return;
        }
        NotificationPreference preference = preferences.get(notification.memberId);
        Instant heldUntil = null;
        if (preference.quietStartMinute != null && preference.quietEndMinute != null) {
            heldUntil = new QuietHours(preference.quietStartMinute, preference.quietEndMinute).heldUntil(now).orElse(null);
        }
        notification.state = heldUntil != null ? DeliveryState.HELD : DeliveryState.QUEUED;
        notices.queue(notification, DeliveryChannel.EMAIL, preference.email, heldUntil != null ? heldUntil : now);
    }
}
