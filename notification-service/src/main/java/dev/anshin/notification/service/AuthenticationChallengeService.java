package dev.anshin.notification.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;

/**
 * 3-D Secure challenges waiting in the member's app (本人認証サービス): a security notice pushed to every device the
 * member registered, so they open the app and answer while the purchase waits at the merchant. Never held by quiet
 * hours, never switched off by preferences (only the member's language is read), one notice per challenge however
 * often card-control's relay delivers it.
 * <p>
 * Push only, never e-mail: the push is the challenge's prompt, and the challenge takes an answer for minutes; an
 * e-mail is read too late to help, and a mail asking to approve a purchase is what phishing looks like. A member
 * with no device (or with push off) gets the notice in the history as {@link DeliveryState#IN_APP_ONLY}: answered OK,
 * since the challenge still waits in the app's list and no retry could reach a device that does not exist.
 */
@ApplicationScoped
public class AuthenticationChallengeService {

    private static final Logger LOG = Logger.getLogger(AuthenticationChallengeService.class);

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;

    public AuthenticationChallengeService(PreferenceService preferences, Notices notices, Templates templates) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
    }

    /** The notice: new (queued to each device, or in the app only), or the one presented before for this challenge. */
    public Notification notify(AuthenticationChallenge challenge) {
        Notification notice = notices.once(NotificationKind.AUTHENTICATION_CHALLENGE, challenge.challengeId(), () -> {
            NotificationPreference preference = preferences.get(challenge.memberId());
            Templates.Rendered text = templates.authenticationChallenge(preference.language, challenge);
            return java.util.Optional.of(notices.presentByPush(challenge.memberId(), NotificationKind.AUTHENTICATION_CHALLENGE,
                    challenge.challengeId(), preference.language, text));
        }).orElseThrow();
        if (notice.state == DeliveryState.IN_APP_ONLY) {
            LOG.infof("challenge %s: no push device registered (or push off); the notice is in the app only",
                    challenge.challengeId());
        }
        return notice;
    }
}
