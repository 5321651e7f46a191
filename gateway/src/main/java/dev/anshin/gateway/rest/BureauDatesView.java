package dev.anshin.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anshin.api.consent.v1.BureauRetention;
import dev.anshin.api.consent.v1.GetBureauRetentionResponse;

/** The body of {@code GET /v1/credit-bureau-dates}: how long each credit bureau keeps the member's records. */
@Schema(name = "CreditBureauDates")
public record BureauDatesView(List<Record> records) {

    static BureauDatesView of(GetBureauRetentionResponse response) {
        return new BureauDatesView(response.getRetentionsList().stream().map(Record::of).toList());
    }

    /** One record at one bureau. */
    @Schema(name = "CreditBureauRecord")
    public record Record(
            @Schema(enumeration = { "CIC", "JICC" }) String bureau,
            @Schema(enumeration = { "INQUIRY", "CONTRACT" }, description = "INQUIRY: the fact of the inquiry made on an "
                    + "application, kept 6 months; CONTRACT: contract and repayment facts, kept while the contract lives "
                    + "and 5 years after it ends") String kind,
            @Schema(description = "The date the period counts from (the application's date; the contract's end date); "
                    + "absent while the contract lives") @JsonInclude(JsonInclude.Include.NON_NULL) String from,
            @Schema(description = "The last day the bureau keeps it, clamped to month end; absent while the contract lives")
            @JsonInclude(JsonInclude.Include.NON_NULL) String keptUntil,
            @Schema(description = "true: kept while the contract lives (no end date yet)") boolean whileContractLives,
            @Schema(description = "Where to ask the bureau for the record itself (the issuer only points there)")
            String disclosureContact) {

        static Record of(BureauRetention retention) {
            return new Record(retention.getBureau(), ProtoNames.of(retention.getKind(), "BUREAU_RECORD_KIND_"),
                    retention.hasFromDate() ? PrivacyRequestView.date(retention.getFromDate()) : null,
                    retention.hasRetainedUntil() ? PrivacyRequestView.date(retention.getRetainedUntil()) : null,
                    !retention.hasRetainedUntil(), retention.getDisclosureContact());
        }
    }
}
