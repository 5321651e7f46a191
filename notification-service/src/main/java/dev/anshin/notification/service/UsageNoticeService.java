package dev.anshin.notification.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.PushDevice;
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

    /**
     * Presents a batch of usages (card-control's relay sends up to 500 a call) in one transaction, each as
     * {@link #notify} would; false, with nothing kept, when that failed: the caller then presents each on its own.
     * One commit per batch instead of one per usage is what lets a relay's backlog drain at hundreds a second.
     */
    public boolean notifyAll(List<UsageNotice> usages) {
        return notices.onceEach(NotificationKind.USAGE, usages, UsageNotice::eventId, fresh -> {
            // The batch's members' preferences and devices in two queries, not two per usage.
            Set<String> members = fresh.stream().map(UsageNotice::memberId).collect(Collectors.toSet());
            Map<String, NotificationPreference> preferenceOf = preferences.getAll(members);
            Map<String, List<PushDevice>> devices = notices.pushDevicesFor(NotificationKind.USAGE, members);
            for (UsageNotice usage : fresh) {
                present(usage, preferenceOf.get(usage.memberId()), devices.getOrDefault(usage.memberId(), List.of()));
            }
        });
    }

    private Optional<Notification> present(UsageNotice usage) {
        return present(usage, preferences.get(usage.memberId()), null);
    }

    /** {@code devices}: the member's push devices read for a batch; null, on its own (read and flushed at once). */
    private Optional<Notification> present(UsageNotice usage, NotificationPreference preference, List<PushDevice> devices) {
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
        if (devices != null) {
            return Optional.of(notices.presentInBatch(usage.memberId(), NotificationKind.USAGE, usage.eventId(),
                    preference.language, text, preference.email, heldUntil, devices));
        }
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
