package dev.anshin.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anshin.api.notification.v1.Preferences;

/** A member's notification preferences, as {@code GET /v1/notification-preferences} shows them. */
@Schema(name = "NotificationPreferences")
public record NotificationPreferencesView(
        @Schema(description = "Real-time usage notices (利用通知) on or off") boolean usageNotificationsEnabled,
        @Schema(description = "Only purchases of at least this many yen are notified (0: every purchase)") long usageThreshold,
        @Schema(description = "Kinds of purchase notified; empty: all", enumeration = { "DOMESTIC", "ONLINE", "OVERSEAS", "CASH" })
        List<String> usageCategories,
        @Schema(description = "Login notices (ログイン通知) on or off") boolean loginNotificationsEnabled,
        @Schema(description = "Usage notices wait during these hours (Japan time); absent: never held")
        @JsonInclude(JsonInclude.Include.NON_NULL) QuietHoursView quietHours,
        @Schema(enumeration = { "ja", "en" }) String language,
        @Schema(description = "Where e-mails go; absent until given") @JsonInclude(JsonInclude.Include.NON_NULL) String email,
        @Schema(description = "Where SMS go (E.164); absent until given") @JsonInclude(JsonInclude.Include.NON_NULL) String phoneNumber) {

    /** A daily window, "HH:MM" Japan time; it may span midnight. */
    @Schema(name = "QuietHours")
    public record QuietHoursView(@Schema(example = "22:00") String start, @Schema(example = "07:00") String end) {
    }

    static NotificationPreferencesView of(Preferences p) {
        return new NotificationPreferencesView(
                p.getUsageNotificationsEnabled(),
                p.getUsageThreshold().getAmount(),
                p.getUsageCategoriesList().stream().map(c -> ProtoNames.of(c, "USAGE_CATEGORY_")).toList(),
                !p.hasLoginNotificationsEnabled() || p.getLoginNotificationsEnabled(),
                p.hasQuietHours() ? new QuietHoursView(p.getQuietHours().getStart(), p.getQuietHours().getEnd()) : null,
                p.getLanguage() == dev.anshin.api.common.v1.Language.LANGUAGE_EN ? "en" : "ja",
                p.getEmail().isEmpty() ? null : p.getEmail(),
                p.getPhoneNumber().isEmpty() ? null : p.getPhoneNumber());
    }

}
