package dev.anshin.statement.service;

import java.time.Instant;

import dev.anshin.statement.PaymentMethod;

/**
 * A cleared transaction, as the clearing system posts it (PostTransaction). {@code authorizationId} is null for a
 * purchase cleared without one; {@code paymentMethod} null when the request named one this version does not know.
 */
public record ClearingRecord(String transactionId, String authorizationId, String memberId, UsedCard card,
        String merchantName, long amount, PaymentMethod paymentMethod, int installmentCount, Instant usedAt) {
}
