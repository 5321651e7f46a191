package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsResponse;

/** One immutable entry of a card's history. */
@Schema(name = "CardTransition")
public record TransitionView(
        @Schema(description = "Opaque id of the entry") String id,
        @Schema(enumeration = { "ACTIVE", "SUSPENDED", "FRAUD_HOLD", "CLOSED", "AWAITING_ACTIVATION" }) String fromState,
        @Schema(description = "Equal to fromState for entries that change no state") String toState,
        @Schema(enumeration = { "ISSUED", "TEMPORARY_STOP", "RESUMED", "REPORTED_LOST", "REPORTED_STOLEN",
                "REPORTED_COMPROMISED", "REISSUE_DAMAGED", "REISSUE_EXPIRING", "ACTIVATED", "REPLACED",
                "FRAUD_HOLD_PLACED", "FRAUD_HOLD_RELEASED", "CREDENTIALS_REVEALED", "USABLE_LIMIT_CHANGED",
                "CREDIT_REVIEW_REQUESTED" }) String reason,
        ActorView actor,
        @Schema(description = "When, ISO-8601 in UTC", example = "2025-05-04T01:23:45Z") String occurredAt,
        @Schema(description = "Free text of the actor; absent when none") @JsonInclude(JsonInclude.Include.NON_NULL) String comment) {

    /** Who acted. */
    @Schema(name = "Actor")
    public record ActorView(
            @Schema(enumeration = { "MEMBER", "OPERATOR", "FRAUD_ENGINE", "SYSTEM" }) String kind,
            @Schema(description = "The member id, the operator's staff id, the fraud rule id or the job name") String id) {
    }

    static TransitionView of(CardTransition entry) {
        return new TransitionView(
                entry.getId(),
                ProtoNames.of(entry.getFromState(), "CARD_STATE_"),
                ProtoNames.of(entry.getToState(), "CARD_STATE_"),
                ProtoNames.of(entry.getReason(), "TRANSITION_REASON_"),
                new ActorView(ProtoNames.of(entry.getActor().getKind(), "ACTOR_KIND_"), entry.getActor().getId()),
                Instant.ofEpochSecond(entry.getOccurredAt().getSeconds(), entry.getOccurredAt().getNanos()).toString(),
                entry.getComment().isEmpty() ? null : entry.getComment());
    }

    /** The body of {@code GET /v1/cards/{id}/transitions}: newest first. */
    @Schema(name = "CardTransitionPage")
    public record Page(
            List<TransitionView> transitions,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListCardTransitionsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getTransitionsList().stream().map(TransitionView::of).toList(), next.isEmpty() ? null : next);
        }
    }
}
