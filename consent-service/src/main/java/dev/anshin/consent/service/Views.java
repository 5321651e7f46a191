package dev.anshin.consent.service;

import java.time.Instant;
import java.util.List;

import dev.anshin.consent.ConsentEvent;
import dev.anshin.consent.ConsentReceipt;
import dev.anshin.consent.Purpose;

/** What the consent rules answer, before the contract's shape. */
public final class Views {

    private Views() {
    }

    /** One purpose of one record (the issuer's or a partner's), derived from the latest event. */
    public record PurposeState(Purpose purpose, String controller, boolean granted, String noticeVersion,
            String noticeSha256, Instant updatedAt, String currentNoticeVersion, boolean newerNoticeAvailable) {
    }

    /** A member's state: the issuer's record (every purpose) and the partners' own records. */
    public record ConsentState(String memberId, List<PurposeState> issuer, List<PurposeState> partners) {
    }

    /** A signed receipt and the events it was given with. */
    public record Receipt(ConsentReceipt receipt, List<ConsentEvent> events) {
    }

    /** The outcome of a change: the state after it, whether anything changed, and the receipt when it did. */
    public record Change(ConsentState state, boolean changed, Receipt receipt) {
    }

    /** One choice on an application. */
    public record Choice(Purpose purpose, String noticeVersion, boolean granted) {
    }

    /** The answer to "may purpose P be used for member M now". */
    public record Check(boolean allowed, String noticeVersion) {
    }
}
