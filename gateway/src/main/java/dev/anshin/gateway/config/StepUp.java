package dev.anshin.gateway.config;

/**
 * Authentication context classes (the token's {@code acr}) the issuer's OpenID Connect provider gives. A route that
 * moves money or identity requires {@link #TWO_STEP} (RFC 9470 step-up).
 */
public final class StepUp {

    /** Password only. */
    public static final String PASSWORD = "pwd";
    /** Password, then a one-time code or passkey. */
    public static final String TWO_STEP = "two-step";

    /** Changing the usable limit: a two-step login at most this old (ISO-8601 duration, RFC 9470 {@code max_age}). */
    public static final String LIMIT_CHANGE_MAX_AGE = "PT15M";
    /** Revealing a numberless card's number and security code: a two-step login at most this old. */
    public static final String REVEAL_MAX_AGE = "PT5M";
    /** Downloading a disclosure's export (開示): a two-step login at most this old. */
    public static final String DISCLOSURE_MAX_AGE = "PT5M";

    private StepUp() {
    }
}
