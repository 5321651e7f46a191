package dev.anshin.notification.mapping;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.Preferences;
import dev.anshin.notification.ConfirmationState;
import dev.anshin.notification.Notification;
import dev.anshin.notification.NotificationPreference;
import dev.anshin.notification.QuietHours;

import dev.anshin.notification.DeliveryChannel;
import dev.anshin.notification.DeliveryState;
import dev.anshin.notification.PushDevice;
import dev.anshin.notification.PushPlatform;
import dev.anshin.notification.Language;
import dev.anshin.notification.NotificationKind;
import dev.anshin.notification.UsageCategory;
import dev.anshin.notification.UsageConfirmation;

/**
 * Domain to contract and back. The stored enum names are the contract's names without their prefix
 * ({@code USAGE} is {@code NOTIFICATION_KIND_USAGE}), so a stored value always has a contract value.
 */
@ApplicationScoped
public class NotificationMapper {

    public static dev.anshin.api.notification.v1.NotificationKind toProto(NotificationKind kind) {
        return dev.anshin.api.notification.v1.NotificationKind.valueOf("NOTIFICATION_KIND_" + kind.name());
    }

    public static dev.anshin.api.notification.v1.DeliveryChannel toProto(DeliveryChannel channel) {
        return dev.anshin.api.notification.v1.DeliveryChannel.valueOf("DELIVERY_CHANNEL_" + channel.name());
    }

    public static dev.anshin.api.notification.v1.DeliveryState toProto(DeliveryState state) {
        return dev.anshin.api.notification.v1.DeliveryState.valueOf("DELIVERY_STATE_" + state.name());
    }

    public static dev.anshin.api.notification.v1.UsageCategory toProto(UsageCategory category) {
        return dev.anshin.api.notification.v1.UsageCategory.valueOf("USAGE_CATEGORY_" + category.name());
    }

    public static dev.anshin.api.common.v1.Language toProto(Language language) {
        return dev.anshin.api.common.v1.Language.valueOf("LANGUAGE_" + language.name());
    }

    /** The domain category of a contract category; null when unset or unknown. */
    public static UsageCategory toDomain(dev.anshin.api.notification.v1.UsageCategory category) {
        return switch (category) {
            case USAGE_CATEGORY_DOMESTIC -> UsageCategory.DOMESTIC;
            case USAGE_CATEGORY_ONLINE -> UsageCategory.ONLINE;
            case USAGE_CATEGORY_OVERSEAS -> UsageCategory.OVERSEAS;
            case USAGE_CATEGORY_CASH -> UsageCategory.CASH;
            default -> null;
        };
    }

    /** The contract says an unset language means Japanese. */
    public static Language toDomain(dev.anshin.api.common.v1.Language language) {
        return language == dev.anshin.api.common.v1.Language.LANGUAGE_EN ? Language.EN : Language.JA;
    }

    public static Preferences toProto(NotificationPreference preference) {
        var builder = Preferences.newBuilder()
                .setUsageNotificationsEnabled(preference.usageNotificationsEnabled)
                .setUsageThreshold(Yen.newBuilder().setAmount(preference.usageThreshold))
                .setLanguage(toProto(preference.language))
                .setLoginNotificationsEnabled(preference.loginNotificationsEnabled)
                .setEmail(preference.email == null ? "" : preference.email)
                .setPhoneNumber(preference.phoneNumber == null ? "" : preference.phoneNumber);
        for (UsageCategory category : preference.usageCategories) {
            builder.addUsageCategories(toProto(category));
        }
        if (preference.quietStartMinute != null && preference.quietEndMinute != null) {
            QuietHours quiet = new QuietHours(preference.quietStartMinute, preference.quietEndMinute);
            builder.setQuietHours(dev.anshin.api.notification.v1.QuietHours.newBuilder().setStart(quiet.start()).setEnd(quiet.end()));
        }
        return builder.build();
    }

    public static dev.anshin.api.notification.v1.ConfirmationState toProto(ConfirmationState state) {
        return dev.anshin.api.notification.v1.ConfirmationState.valueOf("CONFIRMATION_STATE_" + state.name());
    }

    public static dev.anshin.api.notification.v1.UsageConfirmation toProto(UsageConfirmation confirmation) {
        var builder = dev.anshin.api.notification.v1.UsageConfirmation.newBuilder()
                .setId(confirmation.id)
                .setAuthorizationId(confirmation.eventId)
                .setCardId(dev.anshin.api.common.v1.CardId.newBuilder().setValue(confirmation.cardId))
                .setState(toProto(confirmation.state));
        if (confirmation.expiresAt != null) {
            builder.setExpiresAt(timestamp(confirmation.expiresAt));
        }
        return builder.build();
    }

    public static dev.anshin.api.notification.v1.Notification toProto(Notification notification) {
        return dev.anshin.api.notification.v1.Notification.newBuilder()
                .setId(notification.id)
                .setEventId(notification.eventId)
                .setKind(toProto(notification.kind))
                .setChannel(toProto(notification.channel))
                .setLanguage(toProto(notification.language))
                .setSubject(notification.subject == null ? "" : notification.subject)
                .setBody(notification.body)
                .setState(toProto(notification.state))
                .setCreatedAt(timestamp(notification.createdAt))
                .build();
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /** A push device as the contract shows it: the token masked, never whole. */
    public static dev.anshin.api.notification.v1.PushDevice toProto(PushDevice device) {
        return dev.anshin.api.notification.v1.PushDevice.newBuilder()
                .setId(device.id)
                .setPlatform(dev.anshin.api.notification.v1.PushPlatform.valueOf("PUSH_PLATFORM_" + device.platform.name()))
                .setLabel(device.label == null ? "" : device.label)
                .setMaskedToken(device.maskedToken)
                .setRegisteredAt(timestamp(device.registeredAt))
                .build();
    }

    /** The platform, or null when unspecified or unknown. */
    public static PushPlatform toDomain(dev.anshin.api.notification.v1.PushPlatform platform) {
        return switch (platform) {
            case PUSH_PLATFORM_ANDROID -> PushPlatform.ANDROID;
            case PUSH_PLATFORM_IOS -> PushPlatform.IOS;
            default -> null;
        };
    }
}
