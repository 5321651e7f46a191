package dev.anshin.notification.service;

import java.util.Set;

import dev.anshin.notification.Language;
import dev.anshin.notification.QuietHours;
import dev.anshin.notification.UsageCategory;

/**
 * A member's new preferences, as UpdatePreferences carries them.
 *
 * @param loginNotificationsEnabled null: keep what is on file (on by default)
 * @param quietHours null: none
 * @param email, phoneNumber must be empty or those on file (contact details change only with two-step)
 */
public record PreferenceChange(boolean usageNotificationsEnabled, long usageThreshold, Set<UsageCategory> usageCategories,
        Language language, Boolean loginNotificationsEnabled, QuietHours quietHours, String email, String phoneNumber) {
}
