package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.consent.v1.PrivacyRequestKind;
import dev.anshin.gateway.problem.InvalidInputException;

/** The JSON body of {@code POST /v1/privacy-requests}, read strictly (see {@link StrictJson}). */
public final class PrivacyRequests {

    /** As consent-service keeps it: at most this many characters of details. */
    static final int MAX_DETAILS = 2000;

    private PrivacyRequests() {
    }

    /** Kinds of request, as the REST API names them. */
    public enum Kind {
        DISCLOSURE,
        CORRECTION,
        DELETION,
        STOP_OF_USE
    }

    /** A new request. The answer is delivered electronically, never on paper or by e-mail. */
    @Schema(name = "PrivacyRequestFiling")
    public record Filing(
            @Schema(required = true, description = "開示 DISCLOSURE, 訂正 CORRECTION, 削除 DELETION, 利用停止 STOP_OF_USE") Kind kind,
            @Schema(description = "What the member asks; required for a CORRECTION (what is wrong, what is right)",
                    maxLength = MAX_DETAILS) String details) {

        static Filing require(Filing body) {
            if (body == null) {
                throw new InvalidInputException("invalid-body", "A JSON body is required.");
            }
            if (body.kind() == null) {
                throw new InvalidInputException("invalid-body",
                        "Field 'kind' is required: DISCLOSURE, CORRECTION, DELETION or STOP_OF_USE.");
            }
            String details = body.details() == null ? "" : body.details();
            if (details.length() > MAX_DETAILS) {
                throw new InvalidInputException("invalid-body", "Field 'details' is longer than " + MAX_DETAILS + " characters.");
            }
            if (body.kind() == Kind.CORRECTION && details.isBlank()) {
                throw new InvalidInputException("invalid-body", "Field 'details' is required for a CORRECTION: what is wrong and what is right.");
            }
            return body;
        }

        PrivacyRequestKind kindProto() {
            return PrivacyRequestKind.valueOf("PRIVACY_REQUEST_KIND_" + kind.name());
        }

        String detailsOrEmpty() {
            return details == null ? "" : details;
        }
    }
}
