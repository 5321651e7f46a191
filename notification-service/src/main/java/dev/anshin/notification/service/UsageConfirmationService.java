package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.notification.ConfirmationState;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.UsageConfirmation;
import dev.anshin.notification.config.UsageConfirmationConfig;
import dev.anshin.notification.repository.UsageConfirmationRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * ご利用確認: a purchase declined for suspected fraud starts a confirmation, one per held authorization however often
 * card-control's relay delivers it. A member with a phone number on file gets a PENDING one, and its SMS queued in
 * the delivery outbox, in one transaction; it accepts an answer until {@code anshin.usage-confirmation.expires-after}
 * has passed (then EXPIRED). A member without one gets an
 * UNDELIVERABLE one: recorded, and answered OK like any other, since retrying cannot give the member a phone.
 */
@ApplicationScoped
public class UsageConfirmationService {

    private static final Logger LOG = Logger.getLogger(UsageConfirmationService.class);

    private final UsageConfirmationRepository confirmations;
    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;
    private final UsageConfirmationConfig config;
    private final Clock clock;

    public UsageConfirmationService(UsageConfirmationRepository confirmations, PreferenceService preferences,
            Notices notices, Templates templates, UsageConfirmationConfig config, Clock clock) {
        this.confirmations = confirmations;
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The purchase's confirmation, in a transaction of its own: new, or the one started before for this event. Two
     * deliveries of one event racing each other meet the unique key; the loser answers with the winner's.
     */
    public UsageConfirmation start(HeldPurchase purchase) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> confirmations.findByEvent(purchase.eventId())
                    .orElseGet(() -> create(purchase)));
        } catch (RuntimeException e) {
            if (!Notices.isDuplicate(e)) {
                throw e;
            }
            return QuarkusTransaction.requiringNew().call(() -> confirmations.findByEvent(purchase.eventId()).orElseThrow());
        }
    }

    private UsageConfirmation create(HeldPurchase purchase) {
        NotificationPreference preference = preferences.get(purchase.memberId());
        Instant now = clock.instant();
        var confirmation = new UsageConfirmation();
        confirmation.id = UUID.randomUUID().toString();
        confirmation.eventId = purchase.eventId();
        confirmation.memberId = purchase.memberId();
        confirmation.cardId = purchase.cardId();
        confirmation.cardLast4 = purchase.cardLast4();
        confirmation.amount = purchase.amountYen();
        confirmation.merchantName = purchase.merchantName();
        confirmation.attemptedAt = purchase.attemptedAt();
        confirmation.createdAt = now;
        if (preference.phoneNumber == null || preference.phoneNumber.isEmpty()) {
            confirmation.state = ConfirmationState.UNDELIVERABLE;
        } else {
            confirmation.state = ConfirmationState.PENDING;
            confirmation.expiresAt = now.plus(config.expiresAfter());
        }
        // Flushed at once: a second start of the same event fails here, inside start's try.
        confirmations.persistAndFlush(confirmation);
        if (confirmation.state == ConfirmationState.PENDING) {
            // The SMS, through the delivery outbox (never held by quiet hours: a security notice).
            notices.present(purchase.memberId(), NotificationKind.USAGE_CONFIRMATION, purchase.eventId(), preference.language,
                    templates.usageConfirmation(preference.language, confirmation), DeliveryChannel.SMS,
                    preference.phoneNumber, null);
        }
        return confirmation;
    }

    /** Pending confirmations whose time ran out by {@code now} become EXPIRED; how many did. */
    public int expireDue(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> confirmations.expirePendingBefore(now));
    }

    @Scheduled(every = "${anshin.usage-confirmation.expiry-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        try {
            int expired = expireDue(clock.instant());
            if (expired > 0) {
                LOG.infof("%d usage confirmation(s) expired unanswered", expired);
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not expire usage confirmations (%s); trying again next time", e.toString());
        }
    }
}
