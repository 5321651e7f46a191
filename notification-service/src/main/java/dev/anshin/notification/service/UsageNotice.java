package dev.anshin.notification.service;

import java.time.Instant;

import dev.anshin.notification.UsageCategory;

/** An approved authorization, as card-control announces it (validated: every field present, amount in whole yen). */
public record UsageNotice(String eventId, String memberId, String cardId, String cardLast4, long amountYen,
        String merchantName, UsageCategory category, Instant authorizedAt) {
}
