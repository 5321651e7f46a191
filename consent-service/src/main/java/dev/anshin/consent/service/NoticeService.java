package dev.anshin.consent.service;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.consent.NoticeMechanism;
import dev.anshin.consent.NoticeText;
import dev.anshin.consent.Purpose;
import dev.anshin.consent.PurposeNotice;
import dev.anshin.consent.repository.PurposeNoticeRepository;
import dev.anshin.kit.error.InvalidRequestException;

/**
 * Publishing notice versions (Art. 9: the clause may change). A published version is never edited; members keep the
 * version they consented under. What a purpose is (required or not, its article) does not change with its wording: a
 * new version takes both from the issuer's latest notice of the purpose.
 */
@ApplicationScoped
public class NoticeService {

    static final int MAX_TEXT_LENGTH = 2000;
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,15}");

    private final PurposeNoticeRepository notices;
    private final Clock clock;

    public NoticeService(PurposeNoticeRepository notices, Clock clock) {
        this.notices = notices;
        this.clock = clock;
    }

    /** Publishes a new version, in effect from {@code effectiveFrom} (null: at once), never in the past. */
    @Transactional
    public PurposeNotice publish(Purpose purpose, String version, String textJa, String textEn, Instant effectiveFrom,
            String partnerId) {
        if (purpose == null) {
            throw new InvalidRequestException("purpose is unset or unknown");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InvalidRequestException("version must be 1 to 16 letters, digits, '.', '_' or '-'");
        }
        requireText(textJa, "text_ja");
        requireText(textEn, "text_en");
        String controller = ConsentService.controller(partnerId);
        Instant now = clock.instant();
        Instant from = effectiveFrom == null ? now : effectiveFrom;
        // A second of leeway for the caller's clock; a notice never takes effect retroactively.
        if (from.isBefore(now.minusSeconds(1))) {
            throw new InvalidRequestException("effective_from is in the past: a notice takes effect now or later");
        }
        if (notices.find(purpose, version).isPresent()) {
            throw new NoticeVersionExists(purpose, version);
        }
        PurposeNotice previous = notices.latestOfIssuer(purpose)
                .orElseThrow(() -> new IllegalStateException("the catalogue has no notice of " + purpose));
        var notice = new PurposeNotice();
        notice.purpose = purpose;
        notice.version = version;
        notice.required = previous.required;
        notice.article = previous.article;
        notice.textJa = textJa;
        notice.textEn = textEn;
        notice.effectiveFrom = from;
        notice.controller = controller;
        notice.mechanism = NoticeMechanism.of(previous.required);
        notice.textSha256 = NoticeText.sha256(textJa, textEn);
        notices.persist(notice);
        return notice;
    }

    private static void requireText(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException(field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
    }
}
