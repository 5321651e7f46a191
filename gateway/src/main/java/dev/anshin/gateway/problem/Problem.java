package dev.anshin.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An error body (RFC 9457, {@code application/problem+json}). {@code code} is the machine-readable reason clients
 * branch on; {@code detail} is for people and never carries a card number or personal data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem")
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://anshin.dev/problems/";

    /** A problem whose type URI ends with the lower-case code, e.g. {@code .../card-not-found}. */
    public static Problem of(int status, String title, String detail, String code) {
        return new Problem(TYPE_BASE + code.toLowerCase().replace('_', '-'), title, status, detail, code.toUpperCase().replace('-', '_'));
    }
}
