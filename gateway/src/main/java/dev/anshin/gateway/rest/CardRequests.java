package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.gateway.problem.InvalidInputException;

/** The JSON bodies members send. Read strictly (see {@link StrictJson}); fields are required unless said otherwise. */
public final class CardRequests {

    private CardRequests() {
    }

    /** What happened to a card reported lost. */
    public enum LossKind {
        /** 紛失. */
        LOST,
        /** 盗難. */
        STOLEN,
        /** The card's details were typed into a suspicious site or otherwise leaked. */
        COMPROMISED
    }

    /** Why a replacement with the same number is wanted. */
    public enum ReissueReason {
        DAMAGED,
        EXPIRING
    }

    /** The body of {@code POST /v1/cards/{id}/loss-reports}. */
    @Schema(name = "LossReport")
    public record LossReport(@Schema(required = true) LossKind kind) {

        static LossReport require(LossReport body) {
            requireBody(body);
            if (body.kind() == null) {
                throw new InvalidInputException("invalid-body", "Field 'kind' is required: LOST, STOLEN or COMPROMISED.");
            }
            return body;
        }
    }

    /** The body of {@code POST /v1/cards/{id}/reissues}. */
    @Schema(name = "ReissueRequest")
    public record Reissue(@Schema(required = true) ReissueReason reason) {

        static Reissue require(Reissue body) {
            requireBody(body);
            if (body.reason() == null) {
                throw new InvalidInputException("invalid-body", "Field 'reason' is required: DAMAGED or EXPIRING.");
            }
            return body;
        }
    }

    /** The body of {@code PUT /v1/cards/{id}/usable-limit}. */
    @Schema(name = "UsableLimitChange")
    public record UsableLimit(
            @Schema(required = true, description = "Whole yen, at least 0; above the contract limit it is a credit-review request",
                    minimum = "0", example = "300000") Long amount) {

        static UsableLimit require(UsableLimit body) {
            requireBody(body);
            if (body.amount() == null) {
                throw new InvalidInputException("invalid-body", "Field 'amount' is required: a whole number of yen.");
            }
            if (body.amount() < 0) {
                throw new InvalidInputException("invalid-amount", "Field 'amount' must not be negative.");
            }
            return body;
        }
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw new InvalidInputException("invalid-body", "A JSON body is required.");
        }
    }
}
