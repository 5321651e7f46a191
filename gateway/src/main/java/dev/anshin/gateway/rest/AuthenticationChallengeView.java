package dev.anshin.gateway.rest;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.cardcontrol.v1.AuthenticationChallenge;

/** A 3-D Secure challenge as the member's app shows it: never the card number. */
@Schema(name = "AuthenticationChallenge")
public record AuthenticationChallengeView(
        String id,
        String cardId,
        String merchantName,
        @Schema(description = "Whole yen") long amount,
        @Schema(description = "When the purchase was attempted, ISO-8601 UTC") String requestedAt,
        @Schema(description = "When the challenge expires unanswered, ISO-8601 UTC") String expiresAt,
        @Schema(enumeration = { "PENDING", "APPROVED", "DENIED", "EXPIRED", "FAILED" }) String state) {

    static AuthenticationChallengeView of(AuthenticationChallenge c) {
        return new AuthenticationChallengeView(c.getId(), c.getCardId().getValue(), c.getMerchantName(),
                c.getAmount().getAmount(),
                Instant.ofEpochSecond(c.getRequestedAt().getSeconds(), c.getRequestedAt().getNanos()).toString(),
                Instant.ofEpochSecond(c.getExpiresAt().getSeconds(), c.getExpiresAt().getNanos()).toString(),
                c.getState().name().substring("CHALLENGE_STATE_".length()));
    }

    /** {@code GET /v1/authentication-challenges}. */
    @Schema(name = "AuthenticationChallengeList")
    public record ListView(List<AuthenticationChallengeView> challenges) {
    }

    /** The body of {@code POST /v1/authentication-challenges/{id}}. */
    @Schema(name = "AuthenticationChallengeAnswer")
    public record Answer(@Schema(required = true, description = "true: it was me (authenticated); false: it was not me")
            Boolean approve) {

        static Answer require(Answer body) {
            if (body == null) {
                throw new dev.anshin.gateway.problem.InvalidInputException("invalid-body", "A JSON body is required.");
            }
            if (body.approve() == null) {
                throw new dev.anshin.gateway.problem.InvalidInputException("invalid-body",
                        "Field 'approve' is required: true (it was me) or false (it was not me).");
            }
            return body;
        }
    }
}
