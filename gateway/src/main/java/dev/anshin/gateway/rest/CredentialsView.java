package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;

/**
 * A numberless card's details, revealed to its member. Sensitive: sent with {@code Cache-Control: no-store}, never
 * logged, never stored (not even for Idempotency-Key replays); {@link #toString()} masks it in case anything prints it.
 */
@Schema(name = "CardCredentials")
public record CredentialsView(
        @Schema(description = "The full card number", pattern = "^\\d{14,19}$") String cardNumber,
        @Schema(description = "Expiry month", pattern = "^\\d{4}-\\d{2}$", example = "2031-04") String expiry,
        @Schema(description = "The security code", pattern = "^\\d{3,4}$") String securityCode) {

    static CredentialsView of(RevealCardCredentialsResponse response) {
        return new CredentialsView(response.getCardNumber(),
                String.format("%04d-%02d", response.getExpiry().getYear(), response.getExpiry().getMonth()),
                response.getSecurityCode());
    }

    @Override
    public String toString() {
        return "CredentialsView[masked]";
    }
}
