package dev.anshin.notification.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;

/**
 * 3-D Secure one-time codes by SMS: one SMS per challenge however often card-control's relay delivers it, through the
 * delivery outbox, never held by quiet hours (the cardholder is waiting on the ACS page) and regardless of marketing
 * choices. The history shows that a code was sent, never the code; the SMS's text is held on the delivery only until
 * it is sent, dead, or expired ({@link Notices#present(String, NotificationKind, String, dev.anshin.notification.Language,
 * Templates.Rendered, DeliveryChannel, String, java.time.Instant, String, java.time.Instant)}). A member without a phone
 * number on file gets nothing: answered undeliverable, so card-control fails the challenge instead of retrying.
 */
@ApplicationScoped
public class AuthenticationCodeService {

    private static final Logger LOG = Logger.getLogger(AuthenticationCodeService.class);

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;

    /** The SMS queued (its notification), or empty: no phone number on file, nothing sent. */
    public record Outcome(Optional<Notification> notification) {
        public boolean undeliverable() {
            return notification.isEmpty();
        }
    }

    public AuthenticationCodeService(PreferenceService preferences, Notices notices, Templates templates) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
    }

    public Outcome send(AuthenticationCode code) {
        Optional<Notification> sms = notices.once(NotificationKind.AUTHENTICATION_CODE, code.challengeId(), () -> {
            NotificationPreference preference = preferences.get(code.memberId());
            if (preference.phoneNumber == null || preference.phoneNumber.isEmpty()) {
                return Optional.empty();
            }
            Templates.CodeTexts texts = templates.authenticationCode(preference.language, code);
            return Optional.of(notices.present(code.memberId(), NotificationKind.AUTHENTICATION_CODE, code.challengeId(),
                    preference.language, new Templates.Rendered("", texts.history()), DeliveryChannel.SMS,
                    preference.phoneNumber, null, texts.sms(), code.expiresAt()));
        });
        if (sms.isEmpty()) {
            LOG.infof("authentication code of challenge %s: no phone number on file, nothing sent", code.challengeId());
        }
        return new Outcome(sms);
    }
}
