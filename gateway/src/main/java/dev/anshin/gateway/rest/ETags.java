package dev.anshin.gateway.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.EntityTag;

import dev.anshin.gateway.problem.InvalidInputException;
import dev.anshin.gateway.problem.ProblemException;
import dev.anshin.gateway.problem.ProblemResponses;

/**
 * A card's ETag is its version in card-control, a strong tag: {@code "7"}. {@code If-Match} is evaluated as RFC 9110
 * (section 13.1.1) says: {@code *} matches any current card; otherwise the card's ETag must be one of the listed tags
 * by strong comparison, so a weak tag ({@code W/"7"}) or a tag this API never hands out ({@code "stale"}) is a
 * precondition that failed (412), not a malformed request. Only a header that is not {@code *} or a list of entity
 * tags is 400.
 */
final class ETags {

    /** The opaque part of the tags this API hands out: a version, counted from 1. */
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

    private ETags() {
    }

    static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * What an {@code If-Match} asks: any current card, or the card at one of {@code versions} (the strong tags that
     * name a version; none when every tag listed is weak or not of this API).
     */
    record IfMatch(boolean anyVersion, Set<Long> versions) {

        /**
         * The version to make the change conditional on, when the header names versions: the one it names, or among
         * several the card's current one. {@code currentVersion} reads the card, which also answers 404 for a missing
         * card before any 412 (RFC 9110 section 13.2.1: a failure found without the precondition comes first).
         */
        long versionToExpect(LongSupplier currentVersion) {
            if (anyVersion) {
                throw new IllegalStateException("If-Match: * names no version");
            }
            if (versions.size() == 1) {
                return versions.iterator().next();
            }
            long current = currentVersion.getAsLong();
            if (!versions.contains(current)) {
                throw notMatched();
            }
            return current;
        }
    }

    /**
     * The {@code If-Match} of a change, from all its field lines. Missing: 428, the change must be conditional.
     * Malformed: 400.
     */
    static IfMatch requireIfMatch(List<String> fieldLines) {
        String value = fieldLines == null ? "" : String.join(", ", fieldLines).trim();
        if (value.isEmpty()) {
            throw new ProblemException(428, "Precondition required",
                    "Send If-Match with the card's ETag (from GET /v1/cards/{cardId}) so a concurrent change is not overwritten.",
                    "precondition-required");
        }
        if (value.equals("*")) {
            return new IfMatch(true, Set.of());
        }
        return new IfMatch(false, strongVersions(value));
    }

    /** The 412 when no tag of the header is the card's current ETag. */
    static ProblemException notMatched() {
        return new ProblemException(412, "Precondition failed",
                "If-Match names no current ETag of the card (tags compare strongly: a weak tag never matches). Read the "
                        + "card again for its current ETag, then retry.",
                ProblemResponses.VERSION_MISMATCH);
    }

    /**
     * Parses {@code 1#entity-tag} (RFC 9110: {@code entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE}, elements separated by
     * commas and optional whitespace, empty elements ignored) and keeps the versions its strong tags name.
     */
    private static Set<Long> strongVersions(String list) {
        Set<Long> versions = new LinkedHashSet<>();
        int tags = 0;
        int i = 0;
        int n = list.length();
        while (i < n) {
            i = skipWhitespace(list, i);
            if (i < n && list.charAt(i) == ',') {
                i++;
                continue;
            }
            boolean weak = list.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= n || list.charAt(i) != '"') {
                throw malformed();
            }
            int start = ++i;
            while (i < n && etagc(list.charAt(i))) {
                i++;
            }
            if (i >= n || list.charAt(i) != '"') {
                throw malformed();
            }
            String opaque = list.substring(start, i++);
            tags++;
            if (!weak && VERSION.matcher(opaque).matches()) {
                versions.add(Long.parseLong(opaque));
            }
            i = skipWhitespace(list, i);
            if (i < n && list.charAt(i) != ',') {
                throw malformed();
            }
        }
        if (tags == 0) {
            throw malformed();
        }
        return versions;
    }

    /** {@code etagc = %x21 / %x23-7E / obs-text}: visible characters but the double quote, and obs-text. */
    private static boolean etagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    }

    private static int skipWhitespace(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static InvalidInputException malformed() {
        return new InvalidInputException("invalid-if-match",
                "If-Match must be * or entity tags as GET /v1/cards/{cardId} returns them in ETag, e.g. \"7\".");
    }
}
