package dev.anshin.notification.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;

/**
 * Card-status notices: a security notice. Every one is presented and sent at once: never held by quiet hours, never
 * switched off by the member's preferences (only their language and address are read). One notice per card
 * transition, however often card-control's relay delivers it.
 */
@ApplicationScoped
public class CardStatusNoticeService {

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;

    public CardStatusNoticeService(PreferenceService preferences, Notices notices, Templates templates) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
    }

    /** The notice: new, or the one presented before for this event. */
    public Notification notify(CardStatusNotice change) {
        return notices.once(NotificationKind.CARD_STATUS, change.eventId(), () -> {
            NotificationPreference preference = preferences.get(change.memberId());
            Templates.Rendered text = templates.cardStatus(preference.language, change);
            return Optional.of(notices.present(change.memberId(), NotificationKind.CARD_STATUS, change.eventId(),
                    preference.language, text, preference.email, null));
        }).orElseThrow();
    }
}
