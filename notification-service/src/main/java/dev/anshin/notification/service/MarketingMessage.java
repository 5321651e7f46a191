package dev.anshin.notification.service;

import dev.anshin.api.consent.v1.Purpose;

/** A marketing message for one member, as SendMarketing carries it (validated): both languages' texts. */
public record MarketingMessage(String eventId, String memberId, Purpose purpose, String subjectJa, String bodyJa,
        String subjectEn, String bodyEn) {
}
