package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.QuietHours;

/**
 * 利用通知: an approved authorization becomes a usage notice when the member's preferences ask for it: usage notices
 * on, the amount at least the threshold, the category one they chose (none chosen: all). One notice per authorization:
 * the same event id again answers with the first notice (or, filtered out, with none again). Quiet hours hold its
 * delivery until they end.
 */
@ApplicationScoped
public class UsageNoticeService {

    private final PreferenceService preferences;
    private final Notices notices;
    private final Templates templates;
    private final Clock clock;

    public UsageNoticeService(PreferenceService preferences, Notices notices,
            Templates templates, Clock clock) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
        this.clock = clock;
    }

    /**
     * Presents the usage once ({@link Notices#once}): the notice (new, or the one presented before for this event), or
     * empty when the preferences filter it out.
     */
    public Optional<Notification> notify(UsageNotice usage) {
        return notices.once(NotificationKind.USAGE, usage.eventId(), () -> present(usage));
    }

    private Optional<Notification> present(UsageNotice usage) {
        NotificationPreference preference = preferences.get(usage.memberId());
        if (!wanted(preference, usage)) {
            return Optional.empty();
        }
        Instant heldUntil = null;
        if (preference.quietStartMinute != null && preference.quietEndMinute != null) {
            heldUntil = new QuietHours(preference.quietStartMinute, preference.quietEndMinute).heldUntil(clock.instant())
                    .orElse(null);
        }
        Templates.Rendered text = templates.usage(preference.language, new Templates.Usage(usage.authorizedAt(),
                usage.amountYen(), usage.merchantName(), usage.cardLast4(), usage.category()));
        return Optional.of(notices.present(usage.memberId(), NotificationKind.USAGE, usage.eventId(), preference.language,
                text, preference.email, heldUntil));
    }

    /** Usage notices on, at least the threshold, a chosen category (none chosen: every category). */
    static boolean wanted(NotificationPreference preference, UsageNotice usage) {
        return preference.usageNotificationsEnabled
                && usage.amountYen() >= preference.usageThreshold
                && (preference.usageCategories.isEmpty() || preference.usageCategories.contains(usage.category()));
    }
}
