package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.Timestamp;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.statement.v1.ListTransactionsResponse;
import dev.anshin.api.statement.v1.Transaction;

/** One item of the member's card usage (ご利用明細): never the card number, only its brand and last four digits. */
@Schema(name = "Transaction")
public record TransactionView(
        @Schema(description = "Opaque id of the item") String id,
        CardRef card,
        @Schema(description = "Merchant name as the card network or the clearing record gives it") String merchantName,
        @Schema(description = "Whole yen: the authorized amount while pending, the cleared amount once posted") long amount,
        @Schema(enumeration = { "LUMP_SUM", "INSTALLMENTS", "REVOLVING" }) String paymentMethod,
        @Schema(description = "Number of instalments; INSTALLMENTS only") @JsonInclude(JsonInclude.Include.NON_NULL) Integer installmentCount,
        @Schema(enumeration = { "PENDING", "POSTED", "REVERSED", "EXPIRED" },
                description = "The list holds PENDING and POSTED; an item asked for by id may be REVERSED or EXPIRED") String status,
        @Schema(description = "When the purchase was made, ISO-8601 in UTC", example = "2025-05-04T01:23:45Z") String usedAt,
        @Schema(description = "When it cleared; POSTED only") @JsonInclude(JsonInclude.Include.NON_NULL) String postedAt,
        @Schema(description = "True once the member disputed it (POST /v1/transactions/{id}/disputes)") boolean disputed) {

    /** The card used, masked. */
    @Schema(name = "MaskedCard")
    public record CardRef(
            @Schema(description = "Opaque card id (as in /v1/cards)") String id,
            @Schema(example = "VISA") String brand,
            @Schema(description = "Last four digits of the number", pattern = "^\\d{4}$") String last4) {
    }

    static TransactionView of(Transaction item) {
        return new TransactionView(
                item.getId(),
                new CardRef(item.getCard().getCardId().getValue(), item.getCard().getBrand(), item.getCard().getLast4()),
                item.getMerchantName(),
                item.getAmount().getAmount(),
                ProtoNames.of(item.getPaymentMethod() == dev.anshin.api.statement.v1.PaymentMethod.PAYMENT_METHOD_UNSPECIFIED
                        ? dev.anshin.api.statement.v1.PaymentMethod.PAYMENT_METHOD_LUMP_SUM : item.getPaymentMethod(),
                        "PAYMENT_METHOD_"),
                item.getInstallmentCount() > 0 ? item.getInstallmentCount() : null,
                ProtoNames.of(item.getStatus(), "TRANSACTION_STATUS_"),
                instant(item.getUsedAt()),
                item.hasPostedAt() ? instant(item.getPostedAt()) : null,
                item.getDisputed());
    }

    static String instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
    }

    /** The body of {@code GET /v1/transactions}: newest first. */
    @Schema(name = "TransactionPage")
    public record Page(
            List<TransactionView> transactions,
            @Schema(description = "Pass as pageToken (with the same cardId, from and to) for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListTransactionsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getTransactionsList().stream().map(TransactionView::of).toList(), next.isEmpty() ? null : next);
        }
    }
}
