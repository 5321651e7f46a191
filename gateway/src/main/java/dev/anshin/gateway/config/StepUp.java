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

    private StepUp() {
    }
}
