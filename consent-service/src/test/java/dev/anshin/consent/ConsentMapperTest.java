package dev.anshin.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.consent.mapping.ConsentMapper;

/** Every stored enum value has its contract value, so no row can hold something the API cannot show. */
class ConsentMapperTest {

    @Test
    void everyStoredEnumValueHasAContractValueOfTheSameName() {
        for (Purpose purpose : Purpose.values()) {
            assertEquals(purpose, ConsentMapper.toDomain(ConsentMapper.toProto(purpose)));
        }
        for (ConsentChannel channel : ConsentChannel.values()) {
            assertEquals(channel, ConsentMapper.toDomain(ConsentMapper.toProto(channel)));
        }
        for (ConsentEventKind kind : ConsentEventKind.values()) {
            assertEquals("CONSENT_EVENT_KIND_" + kind.name(), ConsentMapper.toProto(kind).name());
        }
        for (ActorKind kind : ActorKind.values()) {
            assertEquals("ACTOR_KIND_" + kind.name(), ConsentMapper.toProto(kind).name());
        }
        for (PrivacyRequestKind kind : PrivacyRequestKind.values()) {
            assertEquals(kind, ConsentMapper.toDomain(ConsentMapper.toProto(kind)));
        }
        for (PrivacyRequestStatus status : PrivacyRequestStatus.values()) {
            assertEquals(status, ConsentMapper.toDomain(ConsentMapper.toProto(status)));
        }
    }

    @Test
    void anUnsetPurposeHasNoDomainPurpose() {
        assertEquals(null, ConsentMapper.toDomain(dev.anshin.api.consent.v1.Purpose.PURPOSE_UNSPECIFIED));
    }
}
