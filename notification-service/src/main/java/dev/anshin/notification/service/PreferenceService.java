package dev.anshin.notification.service;

import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.notification.Language;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.QuietHours;
import dev.anshin.notification.repository.NotificationPreferenceRepository;

/**
 * A member's preferences. A member who never changed them has the defaults ({@link #defaults}): usage notices on for
 * every purchase (threshold 0 yen, every category), login notices on, no quiet hours, Japanese, no contact details.
 * Contact details change only through {@link #changeContactDetails} (two-step, declared in the contract), which
 * announces the change to the address on file before it.
 */
@ApplicationScoped
public class PreferenceService {

    private static final Logger LOG = Logger.getLogger(PreferenceService.class);

    private final NotificationPreferenceRepository preferences;
    private final Notices notices;
    private final Templates templates;
    private final Clock clock;

    public PreferenceService(NotificationPreferenceRepository preferences, Notices notices, Templates templates,
            Clock clock) {
        this.preferences = preferences;
        this.notices = notices;
        this.templates = templates;
        this.clock = clock;
    }

    /** A member's preferences before they first change one (not stored). */
    public static NotificationPreference defaults(String memberId) {
        var preference = new NotificationPreference();
        preference.memberId = memberId;
        preference.usageNotificationsEnabled = true;
        preference.usageThreshold = 0;
        preference.usageCategories = EnumSet.noneOf(dev.anshin.notification.UsageCategory.class);
        preference.loginNotificationsEnabled = true;
        preference.language = Language.JA;
        return preference;
    }

    /** The member's preferences: stored, or the defaults. */
    @Transactional
    public NotificationPreference get(String memberId) {
        return find(memberId).orElseGet(() -> defaults(memberId));
    }

    /** The preferences of each of these members, stored or the defaults (one query, for a batch of notices). */
    @Transactional
    public Map<String, NotificationPreference> getAll(Collection<String> memberIds) {
        Map<String, NotificationPreference> all = new HashMap<>();
        if (!memberIds.isEmpty()) {
            preferences.list("memberId in ?1", memberIds).forEach(p -> all.put(p.memberId, p));
        }
        memberIds.forEach(m -> all.computeIfAbsent(m, PreferenceService::defaults));
        return all;
    }

    Optional<NotificationPreference> find(String memberId) {
        return preferences.findByIdOptional(memberId);
    }

    /** Replaces everything but the contact details, which must be left empty or as on file. */
    @Transactional
    public NotificationPreference update(String memberId, PreferenceChange change) {
        if (change.usageThreshold() < 0) {
            throw new InvalidRequestException("usage_threshold must be 0 or more yen");
        }
        NotificationPreference preference = find(memberId).orElseGet(() -> defaults(memberId));
        String email = Contacts.email(change.email());
        String phone = Contacts.phoneNumber(change.phoneNumber());
        if ((email != null && !email.equals(preference.email)) || (phone != null && !phone.equals(preference.phoneNumber))) {
            throw NotificationRuleViolation.contactChangeNeedsTwoStep();
        }
        preference.usageNotificationsEnabled = change.usageNotificationsEnabled();
        preference.usageThreshold = change.usageThreshold();
        preference.usageCategories = change.usageCategories().isEmpty()
                ? EnumSet.noneOf(dev.anshin.notification.UsageCategory.class)
                : EnumSet.copyOf(change.usageCategories());
        preference.language = change.language();
        if (change.loginNotificationsEnabled() != null) {
            preference.loginNotificationsEnabled = change.loginNotificationsEnabled();
        }
        QuietHours quiet = change.quietHours();
        preference.quietStartMinute = quiet == null ? null : (short) quiet.startMinute();
        preference.quietEndMinute = quiet == null ? null : (short) quiet.endMinute();
        preference.updatedAt = clock.instant();
        if (!preferences.isPersistent(preference)) {
            preferences.persist(preference);
        }
        return preference;
    }

    /** The preferences after a contact change, and the announcement sent to the previous address (if any). */
    public record ContactChange(NotificationPreference preferences, Optional<Notification> announcement) {
    }

    /**
     * Sets the contact details (empty removes one). When something changed and an e-mail address was on file, the
     * change is announced to that address, in the same transaction (never held by quiet hours).
     */
    @Transactional
    public ContactChange changeContactDetails(String memberId, String newEmail, String newPhone) {
        String email = Contacts.email(newEmail);
        String phone = Contacts.phoneNumber(newPhone);
        NotificationPreference preference = find(memberId).orElseGet(() -> defaults(memberId));
        boolean emailChanged = !Objects.equals(email, preference.email);
        boolean phoneChanged = !Objects.equals(phone, preference.phoneNumber);
        if (!emailChanged && !phoneChanged) {
            return new ContactChange(preference, Optional.empty());
        }
        String previousEmail = preference.email;
        preference.email = email;
        preference.phoneNumber = phone;
        preference.updatedAt = clock.instant();
        if (!preferences.isPersistent(preference)) {
            preferences.persist(preference);
        }
        if (previousEmail == null) {
            LOG.debugf("contact details of a member set for the first time: no previous address to tell");
            return new ContactChange(preference, Optional.empty());
        }
        Templates.Rendered text = templates.contactChange(preference.language, clock.instant(), emailChanged, phoneChanged);
        Notification announcement = notices.present(memberId, NotificationKind.CONTACT_CHANGE,
                "contact-change-" + UUID.randomUUID(), preference.language, text, previousEmail, null);
        return new ContactChange(preference, Optional.of(announcement));
    }
}
