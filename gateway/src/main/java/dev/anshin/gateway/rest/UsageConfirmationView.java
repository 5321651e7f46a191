package dev.anshin.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anshin.api.notification.v1.UsageConfirmation;

/** A usage confirmation (ご利用確認) after the member's answer. */
@Schema(name = "UsageConfirmation")
public record UsageConfirmationView(
        @Schema(description = "Opaque id") String id,
        @Schema(description = "The card of the held purchase") String cardId,
        @Schema(enumeration = { "PENDING", "VERIFIED", "DENIED", "EXPIRED", "UNDELIVERABLE" }) String state,
        @Schema(description = "Until when an answer was taken, ISO-8601 in UTC")
        @JsonInclude(JsonInclude.Include.NON_NULL) String expiresAt) {

    static UsageConfirmationView of(UsageConfirmation c) {
        return new UsageConfirmationView(c.getId(), c.getCardId().getValue(), ProtoNames.of(c.getState(), "CONFIRMATION_STATE_"),
                c.hasExpiresAt() ? Instant.ofEpochSecond(c.getExpiresAt().getSeconds(), c.getExpiresAt().getNanos()).toString() : null);
    }
}
