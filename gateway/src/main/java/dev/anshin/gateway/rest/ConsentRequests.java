package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.gateway.problem.InvalidInputException;

/** The JSON body of {@code PUT /v1/consents/{purpose}}, read strictly (see {@link StrictJson}). */
public final class ConsentRequests {

    private ConsentRequests() {
    }

    /**
     * Give ({@code true}, two-step login: consenting shares data) or withdraw ({@code false}, any login) consent to a
     * purpose.
     */
    @Schema(name = "ConsentChange")
    public record ConsentChange(
            @Schema(required = true, description = "true: consent; false: withdraw (stop the use)") Boolean granted,
            @Schema(description = "Giving consent only: the notice version shown to the member (absent: the one in "
                    + "effect). A version no longer in effect is 409 NOTICE_NOT_CURRENT", maxLength = 16) String noticeVersion) {

        static ConsentChange require(ConsentChange body) {
            if (body == null) {
                throw new InvalidInputException("invalid-body", "A JSON body is required.");
            }
            if (body.granted() == null) {
                throw new InvalidInputException("invalid-body", "Field 'granted' is required: true or false.");
            }
            if (body.noticeVersion() != null) {
                if (!body.granted()) {
                    throw new InvalidInputException("invalid-body", "Field 'noticeVersion' goes with 'granted': true only.");
                }
                if (body.noticeVersion().isBlank() || body.noticeVersion().length() > 16) {
                    throw new InvalidInputException("invalid-body", "Field 'noticeVersion' must be a notice version, e.g. 2025-04.");
                }
            }
            return body;
        }
    }
}
