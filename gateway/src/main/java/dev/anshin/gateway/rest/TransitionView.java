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
        @Schema(description = "The member's own note; absent when none or when staff or the fraud rules acted") @JsonInclude(JsonInclude.Include.NON_NULL) String comment) {

    /** Who acted. The member sees who only when it was the member: staff ids and fraud-rule ids stay internal. */
    @Schema(name = "Actor")
    public record ActorView(
            @Schema(enumeration = { "MEMBER", "OPERATOR", "FRAUD_ENGINE", "SYSTEM" }) String kind,
            @Schema(description = "The member's own id when kind is MEMBER; absent otherwise")
            @JsonInclude(JsonInclude.Include.NON_NULL) String id) {

        static ActorView of(dev.anshin.api.common.v1.Actor actor) {
            boolean member = actor.getKind() == dev.anshin.api.common.v1.ActorKind.ACTOR_KIND_MEMBER;
            return new ActorView(ProtoNames.of(actor.getKind(), "ACTOR_KIND_"), member ? actor.getId() : null);
        }
    }

    static TransitionView of(CardTransition entry) {
        return new TransitionView(
                entry.getId(),
                ProtoNames.of(entry.getFromState(), "CARD_STATE_"),
                ProtoNames.of(entry.getToState(), "CARD_STATE_"),
                ProtoNames.of(entry.getReason(), "TRANSITION_REASON_"),
                ActorView.of(entry.getActor()),
                Instant.ofEpochSecond(entry.getOccurredAt().getSeconds(), entry.getOccurredAt().getNanos()).toString(),
                // Staff and fraud-rule notes are internal; a member sees only their own.
                entry.getComment().isEmpty() || entry.getActor().getKind() != dev.anshin.api.common.v1.ActorKind.ACTOR_KIND_MEMBER
                        ? null : entry.getComment());
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
