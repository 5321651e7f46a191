package dev.anshin.gateway.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.consent.v1.ListPrivacyRequestsResponse;
import dev.anshin.api.consent.v1.PrivacyRequest;

/** A privacy request (開示・訂正・削除・利用停止) as the member sees it. */
@Schema(name = "PrivacyRequest")
public record PrivacyRequestView(
        @Schema(description = "Opaque id") String id,
        @Schema(enumeration = { "DISCLOSURE", "CORRECTION", "DELETION", "STOP_OF_USE" }) String kind,
        @Schema(enumeration = { "RECEIVED", "IDENTITY_VERIFIED", "IN_PROGRESS", "COMPLETED", "PARTIALLY_COMPLETED", "REJECTED" })
        String status,
        @Schema(description = "What the member asked") String details,
        @Schema(description = "The answer is delivered electronically (always true)") boolean electronicDelivery,
        @Schema(description = "The last day to answer, a date in Japan", example = "2026-12-16") String dueDate,
        @Schema(description = "true: past the due date and not finished") boolean overdue,
        @Schema(description = "Why it was partially completed or rejected; absent otherwise")
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
        @Schema(description = "When filed, ISO-8601 in UTC") String filedAt,
        @Schema(description = "When last changed, ISO-8601 in UTC") String updatedAt) {

    static PrivacyRequestView of(PrivacyRequest request) {
        return new PrivacyRequestView(request.getId(), ProtoNames.of(request.getKind(), "PRIVACY_REQUEST_KIND_"),
                ProtoNames.of(request.getStatus(), "PRIVACY_REQUEST_STATUS_"), request.getDetails(),
                request.getElectronicDelivery(), date(request.getDueDate()), request.getOverdue(),
                request.getReason().isEmpty() ? null : request.getReason(),
                Instant.ofEpochSecond(request.getFiledAt().getSeconds(), request.getFiledAt().getNanos()).toString(),
                Instant.ofEpochSecond(request.getUpdatedAt().getSeconds(), request.getUpdatedAt().getNanos()).toString());
    }

    static String date(CalendarDate date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay()).toString();
    }

    /** The body of {@code GET /v1/privacy-requests}: newest first. */
    @Schema(name = "PrivacyRequestPage")
    public record Page(
            List<PrivacyRequestView> requests,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListPrivacyRequestsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getRequestsList().stream().map(PrivacyRequestView::of).toList(), next.isEmpty() ? null : next);
        }
    }
}
