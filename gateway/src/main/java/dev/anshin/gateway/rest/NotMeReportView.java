package dev.anshin.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.notification.v1.ReportNotMeResponse;

/** A "this wasn't me" report, recorded: cards being suspended, sessions being ended, an e-mail on its way. */
@Schema(name = "NotMeReport")
public record NotMeReportView(
        @Schema(description = "Opaque id") String reportId,
        @Schema(description = "When it was recorded, ISO-8601 in UTC") String reportedAt) {

    static NotMeReportView of(ReportNotMeResponse r) {
        return new NotMeReportView(r.getReportId(),
                Instant.ofEpochSecond(r.getReportedAt().getSeconds(), r.getReportedAt().getNanos()).toString());
    }
}
