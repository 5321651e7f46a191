package dev.anshin.gateway.rest;

import java.time.YearMonth;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.cardcontrol.v1.ActivateCardResponse;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.ReportLossResponse;
import dev.anshin.api.cardcontrol.v1.RequestReissueResponse;

/** A card as the mobile backend sees it: never the full number. */
@Schema(name = "Card")
public record CardView(
        @Schema(description = "Opaque card id") String id,
        @Schema(enumeration = { "VISA", "MASTERCARD", "JCB", "AMEX" }) String brand,
        @Schema(description = "Last four digits of the number", pattern = "^\\d{4}$") String last4,
        @Schema(description = "Expiry month", pattern = "^\\d{4}-\\d{2}$", example = "2031-04") String expiry,
        @Schema(enumeration = { "ACTIVE", "SUSPENDED", "FRAUD_HOLD", "CLOSED", "AWAITING_ACTIVATION" }) String state,
        @Schema(description = "True for a numberless card") boolean numberless,
        @Schema(description = "The member-set usable limit, whole yen, at most contractLimit") long usableLimit,
        @Schema(description = "The contract (credit) limit of the member's account, whole yen") long contractLimit,
        @Schema(description = "The card this one replaces; absent when none") @JsonInclude(JsonInclude.Include.NON_NULL) String replacementFor,
        @Schema(description = "The card that replaces this one; absent when none") @JsonInclude(JsonInclude.Include.NON_NULL) String replacedBy) {

    static CardView of(Card card) {
        return new CardView(
                card.getId().getValue(),
                ProtoNames.of(card.getBrand(), "CARD_BRAND_"),
                card.getLast4(),
                YearMonth.of(card.getExpiry().getYear(), card.getExpiry().getMonth()).toString(),
                ProtoNames.of(card.getState(), "CARD_STATE_"),
                card.getNumberless(),
                card.getUsableLimit().getAmount(),
                card.getContractLimit().getAmount(),
                card.hasReplacementFor() && !card.getReplacementFor().getValue().isEmpty() ? card.getReplacementFor().getValue() : null,
                card.hasReplacedBy() && !card.getReplacedBy().getValue().isEmpty() ? card.getReplacedBy().getValue() : null);
    }

    /** The body of {@code GET /v1/cards}. */
    @Schema(name = "CardList")
    public record ListView(List<CardView> cards) {
    }

    /** The body of {@code POST /v1/cards/{id}/loss-reports}: the reported card, now closed, and its replacement. */
    @Schema(name = "LossReportOutcome")
    public record LossReportView(
            @Schema(description = "The reported card, closed for good") CardView closedCard,
            @Schema(description = "Its replacement: new number, new expiry, AWAITING_ACTIVATION") CardView replacement) {

        static LossReportView of(ReportLossResponse response) {
            return new LossReportView(CardView.of(response.getClosedCard()), CardView.of(response.getReplacement()));
        }
    }

    /** The body of {@code POST /v1/cards/{id}/reissues}. */
    @Schema(name = "ReissueOutcome")
    public record ReissueView(
            @Schema(description = "The card, still working until the replacement is activated") CardView card,
            @Schema(description = "The replacement: same number, new expiry, AWAITING_ACTIVATION") CardView replacement) {

        static ReissueView of(RequestReissueResponse response) {
            return new ReissueView(CardView.of(response.getCard()), CardView.of(response.getReplacement()));
        }
    }

    /** The body of {@code POST /v1/cards/{id}/activation}. */
    @Schema(name = "ActivationOutcome")
    public record ActivationView(
            @Schema(description = "The activated card") CardView card,
            @Schema(description = "The card it replaced, closed in the same step; absent when there was none still open")
            @JsonInclude(JsonInclude.Include.NON_NULL) CardView closedCard) {

        static ActivationView of(ActivateCardResponse response) {
            return new ActivationView(CardView.of(response.getCard()),
                    response.hasClosedCard() ? CardView.of(response.getClosedCard()) : null);
        }
    }

    /** The 202 body of {@code PUT /v1/cards/{id}/usable-limit} above the contract limit: nothing changed. */
    @Schema(name = "CreditReviewRequest")
    public record CreditReviewView(
            @Schema(description = "Id of the credit-review request") String creditReviewRequestId,
            @Schema(description = "The usable limit asked for, whole yen") long requestedAmount,
            @Schema(enumeration = "RECEIVED") String status) {
    }
}
