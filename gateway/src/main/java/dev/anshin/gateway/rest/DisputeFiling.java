package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.gateway.problem.InvalidInputException;

/** The body of {@code POST /v1/transactions/{id}/disputes}: {@code {"description": "…"}}, read strictly (see {@link StrictJson}). */
@Schema(name = "DisputeFiling")
public record DisputeFiling(
        @Schema(required = true, description = "What the member does not recognise about the charge",
                maxLength = DisputeFiling.MAX_DESCRIPTION) String description) {

    /** As statement-service keeps it: at most this many characters. */
    static final int MAX_DESCRIPTION = 1000;

    static DisputeFiling require(DisputeFiling body) {
        if (body == null) {
            throw new InvalidInputException("invalid-body", "A JSON body is required.");
        }
        if (body.description() == null || body.description().isBlank()) {
            throw new InvalidInputException("invalid-body",
                    "Field 'description' is required: what you do not recognise about the charge.");
        }
        String text = body.description().strip();
        if (text.codePointCount(0, text.length()) > MAX_DESCRIPTION) {
            throw new InvalidInputException("invalid-body",
                    "Field 'description' is longer than " + MAX_DESCRIPTION + " characters.");
        }
        return body;
    }
}
