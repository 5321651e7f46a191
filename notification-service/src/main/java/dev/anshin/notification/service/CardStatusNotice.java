package dev.anshin.notification.service;

import java.time.Instant;

import dev.anshin.notification.CardState;

/**
 * A card changed state (or a replacement was issued), as card-control announces it: the history entry's id (the
 * deduplication key), the card's last four digits (never its number), the new state and card-control's reason name.
 */
public record CardStatusNotice(String eventId, String memberId, String cardId, String cardLast4, CardState newState,
        String reason, Instant occurredAt) {
}
