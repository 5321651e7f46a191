package dev.anshin.notification.service;

import java.time.Instant;

/**
 * A purchase declined for suspected fraud, as card-control asks for its usage confirmation (validated: every field
 * present, amount in whole yen, the card's last four digits only).
 */
public record HeldPurchase(String eventId, String memberId, String cardId, String cardLast4, long amountYen,
        String merchantName, Instant attemptedAt) {
}
