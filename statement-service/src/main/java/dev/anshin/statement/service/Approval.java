package dev.anshin.statement.service;

import java.time.Instant;

/** An authorization card-control approved, as its outbox relay reports it (RecordAuthorization). */
public record Approval(String authorizationId, String memberId, UsedCard card, String merchantName, long amount,
        Instant authorizedAt) {
}
