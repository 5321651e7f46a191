package dev.anshin.consent.mapping;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.consent.ActorKind;
import dev.anshin.consent.ConsentChannel;
import dev.anshin.consent.ConsentEventKind;
import dev.anshin.consent.Purpose;

/**
 * Domain to contract and back. The stored enum names are the contract's names without their prefix
 * ({@code MARKETING_OWN} is {@code PURPOSE_MARKETING_OWN}), so a stored value always has a contract value.
 */
@ApplicationScoped
public class ConsentMapper {

    public static dev.anshin.api.consent.v1.Purpose toProto(Purpose purpose) {
        return dev.anshin.api.consent.v1.Purpose.valueOf("PURPOSE_" + purpose.name());
    }

    public static dev.anshin.api.consent.v1.ConsentEventKind toProto(ConsentEventKind kind) {
        return dev.anshin.api.consent.v1.ConsentEventKind.valueOf("CONSENT_EVENT_KIND_" + kind.name());
    }

    public static dev.anshin.api.consent.v1.ConsentChannel toProto(ConsentChannel channel) {
        return dev.anshin.api.consent.v1.ConsentChannel.valueOf("CONSENT_CHANNEL_" + channel.name());
    }

    public static dev.anshin.api.common.v1.ActorKind toProto(ActorKind kind) {
        return dev.anshin.api.common.v1.ActorKind.valueOf("ACTOR_KIND_" + kind.name());
    }

    /** The domain purpose of a contract purpose; null when unset or unknown. */
    public static Purpose toDomain(dev.anshin.api.consent.v1.Purpose purpose) {
        return switch (purpose) {
            case PURPOSE_CREDIT_MANAGEMENT -> Purpose.CREDIT_MANAGEMENT;
            case PURPOSE_CREDIT_BUREAU -> Purpose.CREDIT_BUREAU;
            case PURPOSE_MARKETING_OWN -> Purpose.MARKETING_OWN;
            case PURPOSE_MARKETING_THIRD_PARTY -> Purpose.MARKETING_THIRD_PARTY;
            case PURPOSE_MARKET_RESEARCH -> Purpose.MARKET_RESEARCH;
            default -> null;
        };
    }

    /** The domain channel of a contract channel; null when unset or unknown. */
    public static ConsentChannel toDomain(dev.anshin.api.consent.v1.ConsentChannel channel) {
        return switch (channel) {
            case CONSENT_CHANNEL_APP -> ConsentChannel.APP;
            case CONSENT_CHANNEL_WEB -> ConsentChannel.WEB;
            case CONSENT_CHANNEL_PAPER -> ConsentChannel.PAPER;
            case CONSENT_CHANNEL_PHONE -> ConsentChannel.PHONE;
            default -> null;
        };
    }
}
