package dev.anshin.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.notification.mapping.NotificationMapper;

/** Every stored enum value has its contract value, so no row can hold something the API cannot show. */
class NotificationMapperTest {

    @Test
    void everyStoredEnumValueHasAContractValueOfTheSameName() {
        for (NotificationKind kind : NotificationKind.values()) {
            assertEquals("NOTIFICATION_KIND_" + kind.name(), NotificationMapper.toProto(kind).name());
        }
        for (DeliveryChannel channel : DeliveryChannel.values()) {
            assertEquals("DELIVERY_CHANNEL_" + channel.name(), NotificationMapper.toProto(channel).name());
        }
        for (DeliveryState state : DeliveryState.values()) {
            assertEquals("DELIVERY_STATE_" + state.name(), NotificationMapper.toProto(state).name());
        }
        for (ConfirmationState state : ConfirmationState.values()) {
            assertEquals("CONFIRMATION_STATE_" + state.name(), NotificationMapper.toProto(state).name());
        }
        for (Language language : Language.values()) {
            assertEquals(language, NotificationMapper.toDomain(NotificationMapper.toProto(language)));
        }
        for (UsageCategory category : UsageCategory.values()) {
            assertEquals(category, NotificationMapper.toDomain(NotificationMapper.toProto(category)));
        }
    }

    @Test
    void anUnsetLanguageMeansJapanese() {
        assertEquals(Language.JA, NotificationMapper.toDomain(dev.anshin.api.common.v1.Language.LANGUAGE_UNSPECIFIED));
    }
}
