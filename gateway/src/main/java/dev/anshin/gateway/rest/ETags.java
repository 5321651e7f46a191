package dev.anshin.gateway.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.EntityTag;

import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.ProblemException;

/** A card's ETag is its version in card-control, a strong tag: {@code "7"}. */
final class ETags {

    private static final Pattern STRONG_VERSION = Pattern.compile("\"([1-9][0-9]{0,17})\"");

    private ETags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * The version an {@code If-Match} header names. Missing: 428, the change must be conditional. Anything but one
     * strong tag of this API ({@code *}, weak tags, lists): 400, since none of those can guard against a lost update.
     */
    static long requireVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "Precondition required",
                    "Send If-Match with the card's ETag (from GET /v1/cards/{cardId}) so a concurrent change is not overwritten.",
                    "precondition-required");
        }
        Matcher matcher = STRONG_VERSION.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new InvalidInputException("invalid-if-match",
                    "If-Match must be exactly one ETag of the card as GET /v1/cards/{cardId} returned it, e.g. \"7\".");
        }
        return Long.parseLong(matcher.group(1));
    }
}
