package dev.anshin.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.cardcontrol.v1.Card;

/** A card as the mobile backend sees it: never the full number. */
@Schema(name = "Card")
public record CardView(
        @Schema(description = "Opaque card id") String id,
        @Schema(enumeration = { "VISA", "MASTERCARD", "JCB", "AMEX" }) String brand,
        @Schema(description = "Last four digits of the number", pattern = "^\\d{4}$") String last4,
        @Schema(description = "Expiry month", pattern = "^\\d{4}-\\d{2}$", example = "2031-04") String expiry,
        @Schema(enumeration = { "ACTIVE", "SUSPENDED", "FRAUD_HOLD", "CLOSED", "AWAITING_ACTIVATION" }) String state,
        @Schema(description = "True for a numberless card") boolean numberless) {

    static CardView of(Card card) {
        return new CardView(
                card.getId().getValue(),
                card.getBrand().name().substring("CARD_BRAND_".length()),
                card.getLast4(),
                String.format("%04d-%02d", card.getExpiry().getYear(), card.getExpiry().getMonth()),
                card.getState().name().substring("CARD_STATE_".length()),
                card.getNumberless());
    }

    /** The body of {@code GET /v1/cards}. */
    @Schema(name = "CardList")
    public record ListView(List<CardView> cards) {
    }
}
