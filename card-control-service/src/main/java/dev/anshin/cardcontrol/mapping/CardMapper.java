package dev.anshin.cardcontrol.mapping;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import dev.anshin.api.common.v1.Actor;
import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.common.v1.YearMonth;
import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.repository.CardListing.ListedCard;
import dev.anshin.kit.error.InvalidRequestException;

/** Domain to contract. A card's number never leaves as anything but its last four digits. */
@ApplicationScoped
public class CardMapper {

    public dev.anshin.api.cardcontrol.v1.Card toProto(Card card) {
        return toProto(ListedCard.of(card));
    }

    public dev.anshin.api.cardcontrol.v1.Card toProto(ListedCard card) {
        var builder = dev.anshin.api.cardcontrol.v1.Card.newBuilder()
                .setId(cardId(card.id()))
                .setBrand(CardBrand.valueOf("CARD_BRAND_" + card.brand().name()))
                .setLast4(card.last4())
                .setExpiry(YearMonth.newBuilder().setYear(card.expiryYear()).setMonth(card.expiryMonth()))
                .setState(toProto(card.state()))
                .setNumberless(card.numberless())
                .setUsableLimit(yen(card.usableLimit()))
                .setContractLimit(yen(card.contractLimit()))
                .setIssuedAt(timestamp(card.issuedAt()))
                .setVersion(contractVersion(card.version()));
        if (card.replacementFor() != null) {
            builder.setReplacementFor(cardId(card.replacementFor()));
        }
        if (card.replacedBy() != null) {
            builder.setReplacedBy(cardId(card.replacedBy()));
        }
        return builder.build();
    }

    public CardTransition toProto(dev.anshin.cardcontrol.CardTransition entry) {
        var builder = CardTransition.newBuilder()
                .setId(entry.id)
                .setCardId(cardId(entry.cardId))
                .setFromState(toProto(entry.fromState))
                .setToState(toProto(entry.toState))
                .setReason(TransitionReason.valueOf("TRANSITION_REASON_" + entry.reason.name()))
                .setActor(Actor.newBuilder()
                        .setKind(ActorKind.valueOf("ACTOR_KIND_" + entry.actorKind.name()))
                        .setId(entry.actorId))
                .setOccurredAt(timestamp(entry.occurredAt));
        if (entry.comment != null) {
            builder.setComment(entry.comment);
        }
        return builder.build();
    }

    /**
     * An entry as the member's own history shows it: who of the staff or which system made it, and their internal
     * comment, are not the member's to see; the member's own entries keep both.
     */
    public CardTransition toDisclosed(dev.anshin.cardcontrol.CardTransition entry) {
        CardTransition shown = toProto(entry);
        if (entry.actorKind == dev.anshin.cardcontrol.ActorKind.MEMBER) {
            return shown;
        }
        return shown.toBuilder().setActor(shown.getActor().toBuilder().clearId()).clearComment().build();
    }

    /**
     * The contract counts a card's versions from 1, so that an unset {@code expected_version} (0) means "no check";
     * Hibernate counts from 0.
     */
    public static long contractVersion(long entityVersion) {
        return entityVersion + 1;
    }

    /** The entity version an {@code expected_version} stands for; null when it is unset (0). */
    public static Long entityVersion(long contractVersion) {
        return contractVersion == 0 ? null : contractVersion - 1;
    }

    public static dev.anshin.cardcontrol.LossKind toDomain(dev.anshin.api.cardcontrol.v1.LossKind kind) {
        return switch (kind) {
            case LOSS_KIND_LOST -> dev.anshin.cardcontrol.LossKind.LOST;
            case LOSS_KIND_STOLEN -> dev.anshin.cardcontrol.LossKind.STOLEN;
            case LOSS_KIND_COMPROMISED -> dev.anshin.cardcontrol.LossKind.COMPROMISED;
            default -> null;
        };
    }

    public static dev.anshin.cardcontrol.ReissueReason toDomain(dev.anshin.api.cardcontrol.v1.ReissueReason reason) {
        return switch (reason) {
            case REISSUE_REASON_DAMAGED -> dev.anshin.cardcontrol.ReissueReason.DAMAGED;
            case REISSUE_REASON_EXPIRING -> dev.anshin.cardcontrol.ReissueReason.EXPIRING;
            default -> null;
        };
    }

    public static YearMonth yearMonth(java.time.YearMonth month) {
        return YearMonth.newBuilder().setYear(month.getYear()).setMonth(month.getMonthValue()).build();
    }

    public static CardState toProto(dev.anshin.cardcontrol.CardState state) {
        return CardState.valueOf("CARD_STATE_" + state.name());
    }

    /** The domain brand of a contract brand; null when unset or unknown. */
    public static dev.anshin.cardcontrol.CardBrand toDomain(CardBrand brand) {
        return switch (brand) {
            case CARD_BRAND_VISA -> dev.anshin.cardcontrol.CardBrand.VISA;
            case CARD_BRAND_MASTERCARD -> dev.anshin.cardcontrol.CardBrand.MASTERCARD;
            case CARD_BRAND_JCB -> dev.anshin.cardcontrol.CardBrand.JCB;
            case CARD_BRAND_AMEX -> dev.anshin.cardcontrol.CardBrand.AMEX;
            default -> null;
        };
    }

    public static CardId cardId(String id) {
        return CardId.newBuilder().setValue(id).build();
    }

    public static Yen yen(long amount) {
        return Yen.newBuilder().setAmount(amount).build();
    }

    /** A card's expiry as the card network or the directory server sends it; malformed is INVALID_ARGUMENT. */
    public static java.time.YearMonth expiry(YearMonth expiry) {
        int month = expiry.getMonth();
        int year = expiry.getYear();
        if (month < 1 || month > 12 || year < 2000 || year > 2199) {
            throw new InvalidRequestException("expiry is required (year and month 1 to 12)");
        }
        return java.time.YearMonth.of(year, month);
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
