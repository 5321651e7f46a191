package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anshin.api.notification.v1.ListNotificationsResponse;
import dev.anshin.api.notification.v1.Notification;

/** One message presented to the member, with where its delivery stands. */
@Schema(name = "Notification")
public record NotificationView(
        @Schema(description = "Opaque id") String id,
        @Schema(enumeration = { "LOGIN", "USAGE", "CARD_STATUS", "USAGE_CONFIRMATION", "MARKETING", "CONTACT_CHANGE",
                "AUTHENTICATION_CODE", "STATEMENT_READY", "NOT_ME", "AUTHENTICATION_CHALLENGE" },
                description = "AUTHENTICATION_CHALLENGE: a 3-D Secure purchase waits for the member's answer in GET /v1/authentication-challenges")
        String kind,
        @Schema(enumeration = { "EMAIL", "SMS", "PUSH" }) String channel,
        @Schema(enumeration = { "ja", "en" }) String language,
        @Schema(description = "Absent for an SMS") @JsonInclude(JsonInclude.Include.NON_NULL) String subject,
        @Schema(description = "The text as sent") String body,
        @Schema(enumeration = { "QUEUED", "HELD", "DELIVERED", "FAILED", "SUPPRESSED", "AWAITING_CONSENT", "IN_APP_ONLY" }, description = "HELD: waiting for the end of quiet hours; SUPPRESSED: marketing the member opted out of, never sent; AWAITING_CONSENT: marketing not sent until consent-service answers; IN_APP_ONLY: sent on no channel, shown here only (a 3-D Secure challenge for a member with no device registered for push)")
        String deliveryState,
        @Schema(description = "When, ISO-8601 in UTC") String createdAt) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.getId(), ProtoNames.of(n.getKind(), "NOTIFICATION_KIND_"),
                ProtoNames.of(n.getChannel(), "DELIVERY_CHANNEL_"),
                n.getLanguage() == dev.anshin.api.common.v1.Language.LANGUAGE_EN ? "en" : "ja",
                n.getSubject().isEmpty() ? null : n.getSubject(), n.getBody(),
                ProtoNames.of(n.getState(), "DELIVERY_STATE_"),
                Instant.ofEpochSecond(n.getCreatedAt().getSeconds(), n.getCreatedAt().getNanos()).toString());
    }

    /** The body of {@code GET /v1/notifications}: newest first. */
    @Schema(name = "NotificationPage")
    public record Page(
            List<NotificationView> notifications,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListNotificationsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getNotificationsList().stream().map(NotificationView::of).toList(), next.isEmpty() ? null : next);
        }
    }
}
