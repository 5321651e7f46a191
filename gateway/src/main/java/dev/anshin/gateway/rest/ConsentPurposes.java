package dev.anshin.gateway.rest;

import java.util.Locale;

import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.gateway.problem.ProblemException;

/**
 * Purposes as the REST API names them, in paths and bodies alike: the contract's name without its prefix, lower case,
 * words joined by hyphens ({@code PURPOSE_MARKETING_OWN} is {@code marketing-own}).
 */
final class ConsentPurposes {

    private static final String PREFIX = "PURPOSE_";

    private ConsentPurposes() {
    }

    static String name(Purpose purpose) {
        String name = ProtoNames.of(purpose, PREFIX);
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The purpose a path names; a name of no purpose is 404 {@code UNKNOWN_PURPOSE}, and nothing is asked of the service. */
    static Purpose of(String pathName) {
        if (pathName != null && pathName.matches("[a-z]+(-[a-z]+)*")) {
            for (Purpose purpose : Purpose.values()) {
                if (purpose != Purpose.PURPOSE_UNSPECIFIED && purpose != Purpose.UNRECOGNIZED && name(purpose).equals(pathName)) {
                    return purpose;
                }
            }
        }
        throw new ProblemException(404, "Not found", "No such purpose. Purposes are named as GET /v1/consent-notices "
                + "lists them, e.g. marketing-own.", "unknown-purpose");
    }
}
