package dev.anshin.gateway.rest;

import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.common.v1.Language;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.api.notification.v1.QuietHours;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.gateway.problem.InvalidInputException;

/** The JSON body of {@code PUT /v1/notification-preferences}, read strictly (see {@link StrictJson}). */
public final class NotificationRequests {

    /** "HH:MM", 00:00 to 23:59. */
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    /** The shapes notification-service accepts (its Contacts), checked here too so nothing is half changed. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private NotificationRequests() {
    }

    /** Kinds of purchase, as the REST API names them. */
    public enum Category {
        DOMESTIC,
        ONLINE,
        OVERSEAS,
        CASH
    }

    /** The member's language. */
    public enum Lang {
        ja,
        en
    }

    /**
     * The new preferences. Toggles, threshold, categories, quiet hours and language need a normal login; an e-mail
     * address or phone number different from the one on file needs a two-step login.
     */
    @Schema(name = "NotificationPreferencesChange")
    public record PreferencesChange(
            @Schema(required = true) Boolean usageNotificationsEnabled,
            @Schema(required = true, minimum = "0", description = "Whole yen; 0: every purchase") Long usageThreshold,
            @Schema(description = "Empty or absent: every kind") List<Category> usageCategories,
            @Schema(description = "Absent: unchanged (on unless turned off)") Boolean loginNotificationsEnabled,
            @Schema(description = "Absent: none") NotificationPreferencesView.QuietHoursView quietHours,
            @Schema(required = true) Lang language,
            @Schema(description = "Absent: unchanged; \"\": removed. A change needs a two-step login") String email,
            @Schema(description = "E.164. Absent: unchanged; \"\": removed. A change needs a two-step login") String phoneNumber) {

        static PreferencesChange require(PreferencesChange body) {
            if (body == null) {
                throw new InvalidInputException("invalid-body", "A JSON body is required.");
            }
            if (body.usageNotificationsEnabled() == null || body.usageThreshold() == null || body.language() == null) {
                throw new InvalidInputException("invalid-body",
                        "Fields 'usageNotificationsEnabled', 'usageThreshold' and 'language' (ja or en) are required.");
            }
            if (body.usageThreshold() < 0) {
                throw new InvalidInputException("invalid-threshold", "Field 'usageThreshold' must not be negative.");
            }
            if (body.usageCategories() != null && body.usageCategories().contains(null)) {
                throw new InvalidInputException("invalid-body", "Field 'usageCategories' holds DOMESTIC, ONLINE, OVERSEAS or CASH.");
            }
            var quiet = body.quietHours();
            if (quiet != null && (quiet.start() == null || quiet.end() == null || !TIME.matcher(quiet.start()).matches()
                    || !TIME.matcher(quiet.end()).matches() || quiet.start().equals(quiet.end()))) {
                throw new InvalidInputException("invalid-quiet-hours",
                        "Field 'quietHours' needs 'start' and 'end', different times \"HH:MM\" (Japan time).");
            }
            if (body.email() != null && !body.email().isEmpty() && (body.email().length() > 254 || !EMAIL.matcher(body.email()).matches())) {
                throw new InvalidInputException("invalid-email", "Field 'email' is not an e-mail address.");
            }
            if (body.phoneNumber() != null && !body.phoneNumber().isEmpty() && !PHONE.matcher(body.phoneNumber()).matches()) {
                throw new InvalidInputException("invalid-phone-number", "Field 'phoneNumber' must be E.164, e.g. +819012345678.");
            }
            return body;
        }

        /** The contract's preferences (contact details left out: they go through their own call). */
        Preferences toProto() {
            var builder = Preferences.newBuilder()
                    .setUsageNotificationsEnabled(usageNotificationsEnabled)
                    .setUsageThreshold(Yen.newBuilder().setAmount(usageThreshold))
                    .setLanguage(language == Lang.en ? Language.LANGUAGE_EN : Language.LANGUAGE_JA);
            if (usageCategories != null) {
                usageCategories.stream().distinct().forEach(c -> builder.addUsageCategories(UsageCategory.valueOf("USAGE_CATEGORY_" + c.name())));
            }
            if (loginNotificationsEnabled != null) {
                builder.setLoginNotificationsEnabled(loginNotificationsEnabled);
            }
            if (quietHours != null) {
                builder.setQuietHours(QuietHours.newBuilder().setStart(quietHours.start()).setEnd(quietHours.end()));
            }
            return builder.build();
        }
    }

    /** The body of {@code POST /v1/usage-confirmations/{id}}: a JSON boolean, nothing else. */
    @Schema(name = "UsageConfirmationAnswer")
    public record UsageConfirmationAnswer(
            @Schema(required = true, description = "true: it was me (the merchant may retry); false: it was not me "
                    + "(the card goes on fraud hold, and a replacement is offered)") Boolean wasMe) {

        static UsageConfirmationAnswer require(UsageConfirmationAnswer body) {
            if (body == null || body.wasMe() == null) {
                throw new InvalidInputException("invalid-body", "Field 'wasMe' is required: true or false.");
            }
            return body;
        }
    }
}
