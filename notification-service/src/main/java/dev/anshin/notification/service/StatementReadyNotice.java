package dev.anshin.notification.service;

import java.time.LocalDate;

/**
 * A monthly statement is ready, as statement-service announces it: the statement id (the deduplication key), the
 * cycle's closing date (its month is the billing month), the payment date and the total in whole yen. No card.
 */
public record StatementReadyNotice(String statementId, String memberId, LocalDate closingDate, LocalDate paymentDate,
        long totalYen) {
}
