package dev.anshin.notification.service;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;
import dev.anshin.notification.ConfirmationState;
import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.FollowUp;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.UsageConfirmation;
import dev.anshin.notification.config.UsageConfirmationConfig;
import dev.anshin.notification.repository.FollowUpRepository;
import dev.anshin.notification.repository.UsageConfirmationRepository;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * ご利用確認: a purchase declined for suspected fraud starts a confirmation, one per held authorization however often
 * card-control's relay delivers it. A member with a phone number on file gets a PENDING one, and its SMS queued in
 * the delivery outbox, in one transaction; it accepts an answer until {@code anshin.usage-confirmation.expires-after}
 * has passed (then EXPIRED). A member without one gets an
 * UNDELIVERABLE one: recorded, and answered OK like any other, since retrying cannot give the member a phone.
 * <p>
 * The answer: in the app (the confirmation's id, the member's own only) or by SMS reply ("1 &lt;code&gt;": it was me,
 * "2 &lt;code&gt;": it was not; the code is the confirmation's 6-digit reply code its SMS carried, and only a reply
 * from the number the SMS went to counts). A pending confirmation takes one answer before it expires; the same answer
 * again changes nothing, another one is refused. The answer, and what it owes card-control (a
 * {@link FollowUp.Kind#CARD_CONTROL_CONFIRMATION}: a "yes" lets the merchant retry, a "no" holds the card), commit
 * together; a "no" also e-mails the member how to get a replacement card.
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
    private final SecureRandom random = new SecureRandom();
    @jakarta.inject.Inject
    FollowUpRepository followUps;
    @jakarta.inject.Inject
    FollowUpRelay followUpRelay;

    /** How the member answered. */
    public enum Via {
        APP,
        SMS
    }

    /** An SMS reply: "1" (it was me) or "2" (it was not), then the 6-digit reply code; spaces optional. */
    private static final Pattern SMS_REPLY = Pattern.compile("([12])\\s*([0-9]{6})");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

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
            confirmation.smsPhoneNumber = preference.phoneNumber;
            confirmation.replyCode = replyCode(preference.phoneNumber);
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

    /** A 6-digit code no other pending confirmation sent to the number carries. */
    private String replyCode(String phoneNumber) {
        for (int i = 0; i < 20; i++) {
            String code = String.format("%06d", random.nextInt(1_000_000));
            if (!confirmations.pendingWithReplyCode(phoneNumber, code)) {
                return code;
            }
        }
        throw new IllegalStateException("no free reply code for a number with that many pending confirmations");
    }

    /** The member's answer in the app: their own confirmation only (another member's is not found). */
    public UsageConfirmation answerInApp(String memberId, String confirmationId, boolean wasMember) {
        if (confirmationId == null || confirmationId.isBlank() || confirmationId.length() > 64) {
            throw new InvalidRequestException("confirmation_id is required (at most 64 characters)");
        }
        return answer(() -> confirmations.findByIdOptional(confirmationId).filter(c -> c.memberId.equals(memberId)),
                wasMember, Via.APP);
    }

    /** An SMS reply as the provider received it: "1 <code>" or "2 <code>" from the number the SMS went to. */
    public UsageConfirmation answerBySms(String fromPhoneNumber, String text) {
        if (fromPhoneNumber == null || !E164.matcher(fromPhoneNumber).matches()) {
            throw new InvalidRequestException("sms_reply.from_phone_number must be an E.164 number");
        }
        Matcher reply = SMS_REPLY.matcher(Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).strip());
        if (!reply.matches()) {
            throw new NotificationRuleViolation(Status.Code.INVALID_ARGUMENT, "SMS_REPLY_UNREADABLE",
                    "the reply must be 1 (it was me) or 2 (it was not) followed by the 6-digit code of the SMS");
        }
        boolean wasMember = reply.group(1).equals("1");
        String code = reply.group(2);
        return answer(() -> confirmations.findBySmsReply(fromPhoneNumber, code), wasMember, Via.SMS);
    }

    private UsageConfirmation answer(Supplier<Optional<UsageConfirmation>> find, boolean wasMember, Via via) {
        List<String> toTryNow = new ArrayList<>();
        UsageConfirmation answered = QuarkusTransaction.requiringNew().call(() -> {
            String id = find.get().map(c -> c.id).orElseThrow(UsageConfirmationService::notFound);
            UsageConfirmation confirmation = confirmations.findForUpdate(id).orElseThrow(UsageConfirmationService::notFound);
            ConfirmationState wanted = wasMember ? ConfirmationState.VERIFIED : ConfirmationState.DENIED;
            Instant now = clock.instant();
            switch (confirmation.state) {
                case VERIFIED, DENIED -> {
                    if (confirmation.state != wanted) {
                        throw new NotificationRuleViolation(Status.Code.FAILED_PRECONDITION,
                                "USAGE_CONFIRMATION_ALREADY_ANSWERED", "the confirmation was already answered otherwise");
                    }
                    return confirmation;
                }
                case UNDELIVERABLE -> throw new NotificationRuleViolation(Status.Code.FAILED_PRECONDITION,
                        "USAGE_CONFIRMATION_UNDELIVERABLE", "no SMS could be sent for this confirmation; it takes no answer");
                case EXPIRED -> throw expired();
                case PENDING -> {
                    if (!now.isBefore(confirmation.expiresAt)) {
                        throw expired();
                    }
                }
            }
            confirmation.state = wanted;
            confirmation.answeredAt = now;
            confirmation.answeredVia = via.name();
            toTryNow.add(followUp(FollowUp.Kind.CARD_CONTROL_CONFIRMATION, confirmation.id, confirmation.memberId, now).id);
            if (!wasMember) {
                NotificationPreference preference = preferences.get(confirmation.memberId);
                // A security notice: never held by quiet hours; keyed by the confirmation (its SMS is keyed by the
                // authorization), so it is presented once.
                notices.present(confirmation.memberId, NotificationKind.USAGE_CONFIRMATION, confirmation.id,
                        preference.language, templates.usageDenied(preference.language, confirmation),
                        preference.email == null || preference.email.isEmpty() ? null : preference.email, null);
            }
            LOG.infof("usage confirmation %s answered %s (%s)", confirmation.id, wanted, via);
            return confirmation;
        });
        followUpRelay.attemptNow(toTryNow);
        return answered;
    }

    /** A follow-up row, due at once, in the caller's transaction. */
    public FollowUp followUp(FollowUp.Kind kind, String subjectId, String memberId, Instant now) {
        var followUp = new FollowUp();
        followUp.id = UUID.randomUUID().toString();
        followUp.kind = kind;
        followUp.subjectId = subjectId;
        followUp.memberId = memberId;
        followUp.state = FollowUp.State.PENDING;
        followUp.attempts = 0;
        followUp.nextAttemptAt = now;
        followUp.createdAt = now;
        followUps.persist(followUp);
        return followUp;
    }

    private static NotFoundException notFound() {
        return new NotFoundException("USAGE_CONFIRMATION_NOT_FOUND", "usage confirmation not found");
    }

    private static NotificationRuleViolation expired() {
        return new NotificationRuleViolation(Status.Code.FAILED_PRECONDITION, "USAGE_CONFIRMATION_EXPIRED",
                "the confirmation expired; it no longer takes an answer");
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
