package dev.anshin.gateway.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.statement.v1.Dispute;
import dev.anshin.api.statement.v1.DisputeStatusChange;
import dev.anshin.api.statement.v1.ListDisputesResponse;

/**
 * A dispute of an unrecognised charge (身に覚えのない請求) as the member sees it: the charge (masked card), what they
 * said, where it stands, whether fraud compensation covers the use, and (one dispute) its history. Operators are shown
 * as OPERATOR, never by their staff id.
 */
@Schema(name = "Dispute")
public record DisputeView(
        @Schema(description = "Opaque id of the dispute") String id,
        @Schema(description = "The disputed item (GET /v1/transactions/{id})") String transactionId,
        @Schema(enumeration = { "RECEIVED", "INVESTIGATING", "UPHELD", "REJECTED" }) String status,
        @Schema(description = "True when the use falls within fraud compensation: used on or after the day 60 days "
                + "before the report date (Japan time)") boolean compensationEligible,
        @Schema(description = "What the member said") String description,
        @Schema(description = "The disputed charge's merchant") String merchantName,
        @Schema(description = "The disputed charge in whole yen") long amount,
        @Schema(description = "When the disputed purchase was made, ISO-8601 in UTC") String usedAt,
        TransactionView.CardRef card,
        @Schema(description = "When the dispute was received, ISO-8601 in UTC") String reportedAt,
        @Schema(description = "When its status last changed") String updatedAt,
        @Schema(description = "The issuer's reason for the last status change (always given when REJECTED)")
        @JsonInclude(JsonInclude.Include.NON_NULL) String statusReason,
        @Schema(description = "Status changes, oldest first; GET /v1/disputes/{id} only")
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Change> history) {

    /** One step of a dispute's history. */
    @Schema(name = "DisputeStatusChange")
    public record Change(
            @Schema(description = "Absent for the report itself") @JsonInclude(JsonInclude.Include.NON_NULL) String fromStatus,
            String toStatus,
            @Schema(enumeration = { "MEMBER", "OPERATOR" }, description = "Who made the change") String by,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
            @Schema(description = "ISO-8601 in UTC") String at) {

        static Change of(DisputeStatusChange change) {
            return new Change(
                    change.getFromStatusValue() == 0 ? null : ProtoNames.of(change.getFromStatus(), "DISPUTE_STATUS_"),
                    ProtoNames.of(change.getToStatus(), "DISPUTE_STATUS_"),
                    ProtoNames.of(change.getActor().getKind(), "ACTOR_KIND_"),
                    change.getReason().isEmpty() ? null : change.getReason(),
                    TransactionView.instant(change.getOccurredAt()));
        }
    }

    /** A dispute without its history (lists). */
    static DisputeView summary(Dispute dispute) {
        return of(dispute, null);
    }

    /** A dispute with its history. */
    static DisputeView detail(Dispute dispute) {
        return of(dispute, dispute.getHistoryList().stream().map(Change::of).toList());
    }

    private static DisputeView of(Dispute dispute, List<Change> history) {
        return new DisputeView(
                dispute.getId(),
                dispute.getTransactionId(),
                ProtoNames.of(dispute.getStatus(), "DISPUTE_STATUS_"),
                dispute.getCompensationEligible(),
                dispute.getDescription(),
                dispute.getMerchantName(),
                dispute.getAmount().getAmount(),
                TransactionView.instant(dispute.getUsedAt()),
                new TransactionView.CardRef(dispute.getCard().getCardId().getValue(), dispute.getCard().getBrand(),
                        dispute.getCard().getLast4()),
                TransactionView.instant(dispute.getReportedAt()),
                TransactionView.instant(dispute.getUpdatedAt()),
                dispute.getStatusReason().isEmpty() ? null : dispute.getStatusReason(),
                history);
    }

    /** The body of {@code GET /v1/disputes}: newest report first. */
    @Schema(name = "DisputePage")
    public record Page(
            List<DisputeView> disputes,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListDisputesResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getDisputesList().stream().map(DisputeView::summary).toList(),
                    next.isEmpty() ? null : next);
        }
    }
}
