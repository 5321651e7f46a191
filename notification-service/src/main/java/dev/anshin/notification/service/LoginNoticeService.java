package dev.anshin.notification.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.repository.NotificationRepository;

/**
 * ログイン通知: every successful login becomes one e-mail, unless the member turned login notices off. Never held by
 * quiet hours (a login the member did not make must reach them at once), never with a link to a login page. One notice
 * per event id: the same id again answers with the first notice.
 */
@ApplicationScoped
public class LoginNoticeService {

    private final NotificationRepository notifications;
    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;

    public LoginNoticeService(NotificationRepository notifications, PreferenceService preferences, Notices notices,
            Templates templates) {
        this.notifications = notifications;
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
    }

    /**
     * Presents the login in its own transaction: the notice (new, or the one presented before for this event), or
     * empty when the member turned login notices off. Two deliveries of one event racing each other meet the unique
     * key; the loser answers with the winner's notice.
     */
    public Optional<Notification> notify(LoginNotice login) {
        return notices.once(NotificationKind.LOGIN, login.eventId(), () -> presentNew(login));
    }

    /** Presents the login in the caller's transaction (the event reader's, which records the event as read with it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Notification> present(LoginNotice login) {
        Optional<Notification> earlier = notifications.findByEvent(NotificationKind.LOGIN, login.eventId());
        return earlier.isPresent() ? earlier : presentNew(login);
    }

    /** A login not presented before (Notices.once has looked): its notice, or none when login notices are off. */
    private Optional<Notification> presentNew(LoginNotice login) {
        NotificationPreference preference = preferences.get(login.memberId());
        if (!preference.loginNotificationsEnabled) {
            return Optional.empty();
        }
        Templates.Rendered text = templates.login(preference.language, login);
        return Optional.of(notices.present(login.memberId(), NotificationKind.LOGIN, login.eventId(), preference.language,
                text, preference.email, null));
    }
}
