package dev.anshin.consent.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.consent.ConsentApplication;
import dev.anshin.consent.ConsentChannel;
import dev.anshin.consent.ConsentEvent;
import dev.anshin.consent.ConsentEventKind;
import dev.anshin.consent.ConsentReceipt;
import dev.anshin.consent.ConsentRefusal;
import dev.anshin.consent.NoticeMechanism;
import dev.anshin.consent.Purpose;
import dev.anshin.consent.PurposeNotice;
import dev.anshin.consent.repository.ConsentApplicationRepository;
import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.consent.repository.ConsentReceiptRepository;
import dev.anshin.consent.repository.ConsentRefusalRepository;
import dev.anshin.consent.repository.PurposeNoticeRepository;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The consent rules (consent clause, seed 004): events are only ever appended, the state is derived from them, every
 * change is given a signed receipt, a required purpose is never withdrawn while the contract lives, and the issuer's
 * changes never touch a co-branding partner's record. Nothing here is read by a card or credit decision (Art. 5).
 */
@ApplicationScoped
public class ConsentService {

    static final int MAX_ID_LENGTH = 64;

    private final PurposeNoticeRepository notices;
    private final ConsentEventRepository events;
    private final ConsentReceiptRepository receipts;
    private final ConsentRefusalRepository refusals;
    private final ConsentApplicationRepository applications;
    private final ReceiptSigner signer;
    private final Clock clock;

    public ConsentService(PurposeNoticeRepository notices, ConsentEventRepository events, ConsentReceiptRepository receipts,
            ConsentRefusalRepository refusals, ConsentApplicationRepository applications, ReceiptSigner signer,
            Clock clock) {
        this.notices = notices;
        this.events = events;
        this.receipts = receipts;
        this.refusals = refusals;
        this.applications = applications;
        this.signer = signer;
        this.clock = clock;
    }

    /** The notices in effect of the issuer (partner blank) or of one co-branding partner, in the clause's order. */
    public List<PurposeNotice> currentNotices(String partnerId) {
        return new ArrayList<>(notices.current(controller(partnerId), now()).values());
    }

    /**
     * Records the choices of an application: the issuer's, and for a co-branded card the partner's as the partner's
     * own record. Every purpose the issuer's notice makes required must be granted. The same application id again
     * returns the first receipt and changes nothing.
     */
    @Transactional
    public Views.Change recordApplication(Actor actor, String applicationId, String memberId, ConsentChannel channel,
            List<Views.Choice> issuerChoices, String partnerId, List<Views.Choice> partnerChoices) {
        requireId(applicationId, "application_id");
        requireId(memberId, "member_id");
        requireChannel(channel);
        if (issuerChoices.isEmpty()) {
            throw new InvalidRequestException("consents is empty: an application gives a choice for each purpose");
        }
        String partner = partnerId == null ? "" : partnerId.strip();
        if (!partner.isEmpty()) {
            controller(partner);
        } else if (!partnerChoices.isEmpty()) {
            throw new InvalidRequestException("partner_consents need the partner_id of the co-branded card");
        }
        Map<Purpose, PurposeNotice> issuerNotices = noticesOf(PurposeNotice.ISSUER, issuerChoices, "consents");
        Map<Purpose, PurposeNotice> partnerNotices = partnerChoices.isEmpty() ? Map.of()
                : noticesOf(partner, partnerChoices, "partner_consents");
        Instant now = now();
        for (PurposeNotice required : notices.current(PurposeNotice.ISSUER, now).values()) {
            boolean granted = issuerChoices.stream().anyMatch(choice -> choice.purpose() == required.purpose
                    && choice.granted());
            if (required.required && !granted) {
                throw new InvalidRequestException("an application cannot go without consent to " + required.purpose
                        + " (required, Art. " + required.article + ")");
            }
        }

        ConsentApplication recorded = applications.findById(applicationId);
        if (recorded != null) {
            if (!recorded.memberId.equals(memberId)) {
                throw new InvalidRequestException("application_id was recorded for another applicant");
            }
            // An application brought over from before receipts has none to give back.
            return new Views.Change(state(memberId), false,
                    recorded.receiptId == null ? null : receipt(recorded.receiptId, null));
        }

        long sequenceNo = events.lockLastSequenceNo(memberId);
        String receiptId = UUID.randomUUID().toString();
        List<ConsentEvent> written = new ArrayList<>();
        for (Views.Choice choice : issuerChoices) {
            written.add(append(memberId, ++sequenceNo, issuerNotices.get(choice.purpose()), choice.granted(), channel,
                    actor, partner.isEmpty() ? null : partner, receiptId, now));
        }
        for (Views.Choice choice : partnerChoices) {
            written.add(append(memberId, ++sequenceNo, partnerNotices.get(choice.purpose()), choice.granted(), channel,
                    actor, partner, receiptId, now));
        }
        var receipt = issueReceipt(receiptId, memberId, written, now);
        var application = new ConsentApplication();
        application.applicationId = applicationId;
        application.memberId = memberId;
        application.receiptId = receiptId;
        application.recordedAt = now;
        applications.persist(application);
        return new Views.Change(state(memberId), true, receipt);
    }

    /**
     * Stops the use of a purpose in the issuer's record, at once. A required purpose is refused while the contract
     * lives, and the refused attempt is recorded (in its own transaction: the refusal stands though nothing changes).
     * This service does not yet learn of a contract's end (card-control's account end date, a later increment), so
     * a member with a consent record is taken to have a living contract.
     */
    @Transactional
    public Views.Change optOut(Actor actor, String memberId, Purpose purpose, ConsentChannel channel) {
        requirePurpose(purpose);
        requireChannel(channel);
        requireRecord(memberId);
        Instant now = now();
        PurposeNotice current = currentIssuerNotice(purpose, now);
        if (current.mechanism == NoticeMechanism.REQUIRED) {
            QuarkusTransaction.requiringNew().run(() -> recordRefusal(actor, memberId, purpose, channel, now));
            throw new RequiredPurposeWithdrawal(purpose);
        }
        long sequenceNo = events.lockLastSequenceNo(memberId);
        ConsentEvent latest = events.latest(memberId, PurposeNotice.ISSUER, purpose);
        if (latest == null || latest.kind == ConsentEventKind.WITHDRAWN) {
            return new Views.Change(state(memberId), false, null);
        }
        String receiptId = UUID.randomUUID().toString();
        var event = append(memberId, sequenceNo + 1, current, false, channel, actor, null, receiptId, now);
        var receipt = issueReceipt(receiptId, memberId, List.of(event), now);
        return new Views.Change(state(memberId), true, receipt);
    }

    /** Gives consent to a purpose in the issuer's record, at the notice version in effect (the one shown). */
    @Transactional
    public Views.Change optIn(Actor actor, String memberId, Purpose purpose, String noticeVersion, ConsentChannel channel) {
        requirePurpose(purpose);
        requireChannel(channel);
        if (noticeVersion == null || noticeVersion.isBlank()) {
            throw new InvalidRequestException("notice_version is required: the version of the notice shown");
        }
        PurposeNotice shown = notices.find(purpose, noticeVersion)
                .filter(notice -> PurposeNotice.ISSUER.equals(notice.controller))
                .orElseThrow(() -> new InvalidRequestException("the notice of " + purpose + " has no version "
                        + noticeVersion));
        requireRecord(memberId);
        Instant now = now();
        PurposeNotice current = currentIssuerNotice(purpose, now);
        if (!current.version.equals(shown.version)) {
            throw new NoticeNotCurrent(purpose, current.version);
        }
        long sequenceNo = events.lockLastSequenceNo(memberId);
        ConsentEvent latest = events.latest(memberId, PurposeNotice.ISSUER, purpose);
        if (latest != null && latest.kind == ConsentEventKind.GRANTED && latest.noticeVersion.equals(shown.version)) {
            return new Views.Change(state(memberId), false, null);
        }
        String receiptId = UUID.randomUUID().toString();
        var event = append(memberId, sequenceNo + 1, shown, true, channel, actor, null, receiptId, now);
        var receipt = issueReceipt(receiptId, memberId, List.of(event), now);
        return new Views.Change(state(memberId), true, receipt);
    }

    /** The member's state, derived from the events; NOT_FOUND for a member without a consent record. */
    public Views.ConsentState stateOf(String memberId) {
        requireRecord(memberId);
        return state(memberId);
    }

    /** One page of the member's events, newest first, below a sequence number. */
    public List<ConsentEvent> history(String memberId, long beforeSequenceNo, int size) {
        requireId(memberId, "member_id");
        return events.pageBefore(memberId, beforeSequenceNo, size);
    }

    /**
     * May the purpose be used for the member now: the issuer's record's latest event of it grants it. Only optional
     * purposes are answered: the required ones are not a messaging system's question, and no credit or card decision
     * asks this service anything (Art. 5).
     */
    public Views.Check check(String memberId, Purpose purpose) {
        requireId(memberId, "member_id");
        requirePurpose(purpose);
        PurposeNotice current = currentIssuerNotice(purpose, now());
        if (current.mechanism == NoticeMechanism.REQUIRED) {
            throw new InvalidRequestException("CheckPurpose answers optional purposes only; " + purpose
                    + " is required for the contract");
        }
        ConsentEvent latest = events.latest(memberId, PurposeNotice.ISSUER, purpose);
        if (latest == null) {
            return new Views.Check(false, current.version);
        }
        return new Views.Check(latest.kind == ConsentEventKind.GRANTED, latest.noticeVersion);
    }

    /** A receipt again; {@code memberScope} (the calling member, null for an operator) must own it. */
    public Views.Receipt receipt(String receiptId, String memberScope) {
        if (receiptId == null || receiptId.isBlank() || receiptId.length() > 36) {
            throw new InvalidRequestException("receipt_id is required (at most 36 characters)");
        }
        ConsentReceipt receipt = receipts.findById(receiptId);
        if (receipt == null || (memberScope != null && !memberScope.equals(receipt.memberId))) {
            throw new NotFoundException("RECEIPT_NOT_FOUND", "no such receipt");
        }
        return new Views.Receipt(receipt, events.ofReceipt(receiptId));
    }

    private Views.ConsentState state(String memberId) {
        Instant now = now();
        // Replayed oldest first: the last event of each (controller, purpose) is its state.
        Map<String, Map<Purpose, ConsentEvent>> latest = new LinkedHashMap<>();
        for (ConsentEvent event : events.inOrder(memberId)) {
            latest.computeIfAbsent(event.controller, c -> new LinkedHashMap<>()).put(event.purpose, event);
        }
        Map<Purpose, PurposeNotice> issuerNotices = notices.current(PurposeNotice.ISSUER, now);
        List<Views.PurposeState> issuer = new ArrayList<>();
        Map<Purpose, ConsentEvent> issuerEvents = latest.getOrDefault(PurposeNotice.ISSUER, Map.of());
        for (Purpose purpose : Purpose.values()) {
            issuer.add(purposeState(purpose, PurposeNotice.ISSUER, issuerEvents.get(purpose), issuerNotices.get(purpose)));
        }
        List<Views.PurposeState> partners = new ArrayList<>();
        for (var record : latest.entrySet()) {
            if (record.getKey().equals(PurposeNotice.ISSUER)) {
                continue;
            }
            Map<Purpose, PurposeNotice> partnerNotices = notices.current(record.getKey(), now);
            for (Purpose purpose : Purpose.values()) {
                ConsentEvent event = record.getValue().get(purpose);
                if (event != null) {
                    partners.add(purposeState(purpose, record.getKey(), event, partnerNotices.get(purpose)));
                }
            }
        }
        return new Views.ConsentState(memberId, issuer, partners);
    }

    private static Views.PurposeState purposeState(Purpose purpose, String controller, ConsentEvent event,
            PurposeNotice current) {
        String currentVersion = current == null ? "" : current.version;
        if (event == null) {
            return new Views.PurposeState(purpose, controller, false, "", "", null, currentVersion, false);
        }
        boolean newer = current != null && !current.version.equals(event.noticeVersion);
        return new Views.PurposeState(purpose, controller, event.kind == ConsentEventKind.GRANTED, event.noticeVersion,
                event.noticeSha256, event.occurredAt, currentVersion, newer);
    }

    private ConsentEvent append(String memberId, long sequenceNo, PurposeNotice notice, boolean granted,
            ConsentChannel channel, Actor actor, String partnerId, String receiptId, Instant now) {
        var event = new ConsentEvent();
        event.id = UUID.randomUUID().toString();
        event.memberId = memberId;
        event.purpose = notice.purpose;
        event.kind = granted ? ConsentEventKind.GRANTED : ConsentEventKind.WITHDRAWN;
        event.noticeVersion = notice.version;
        event.noticeSha256 = notice.textSha256;
        event.controller = notice.controller;
        event.channel = channel;
        event.actorKind = actor.kind();
        event.actorId = actor.id();
        event.partnerId = partnerId;
        event.occurredAt = now;
        event.sequenceNo = sequenceNo;
        event.receiptId = receiptId;
        events.persist(event);
        return event;
    }

    private Views.Receipt issueReceipt(String receiptId, String memberId, List<ConsentEvent> written, Instant now) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ConsentEvent event : written) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("event_id", event.id);
            change.put("purpose", event.purpose.name());
            change.put("kind", event.kind.name());
            change.put("notice_version", event.noticeVersion);
            change.put("notice_sha256", event.noticeSha256);
            change.put("controller", event.controller);
            change.put("channel", event.channel.name());
            changes.add(change);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "consent-service");
        claims.put("jti", receiptId);
        claims.put("sub", memberId);
        claims.put("iat", now.getEpochSecond());
        claims.put("changes", changes);
        var receipt = new ConsentReceipt();
        receipt.id = receiptId;
        receipt.memberId = memberId;
        receipt.issuedAt = now;
        receipt.keyId = signer.keyId();
        receipt.jws = signer.sign(claims);
        receipts.persist(receipt);
        return new Views.Receipt(receipt, written);
    }

    private void recordRefusal(Actor actor, String memberId, Purpose purpose, ConsentChannel channel, Instant now) {
        var refusal = new ConsentRefusal();
        refusal.id = UUID.randomUUID().toString();
        refusal.memberId = memberId;
        refusal.purpose = purpose;
        refusal.reason = RequiredPurposeWithdrawal.REASON;
        refusal.channel = channel;
        refusal.actorKind = actor.kind();
        refusal.actorId = actor.id();
        refusal.attemptedAt = now;
        refusals.persist(refusal);
    }

    private Map<Purpose, PurposeNotice> noticesOf(String controller, List<Views.Choice> choices, String field) {
        Map<Purpose, PurposeNotice> found = new LinkedHashMap<>();
        Set<Purpose> seen = EnumSet.noneOf(Purpose.class);
        for (Views.Choice choice : choices) {
            if (choice.purpose() == null) {
                throw new InvalidRequestException(field + ": purpose is unset or unknown");
            }
            if (!seen.add(choice.purpose())) {
                throw new InvalidRequestException(field + ": " + choice.purpose() + " is given twice");
            }
            PurposeNotice notice = notices.find(choice.purpose(), choice.noticeVersion() == null ? "" : choice.noticeVersion())
                    .filter(n -> controller.equals(n.controller))
                    .orElseThrow(() -> new InvalidRequestException(field + ": the notice of " + choice.purpose()
                            + " has no version '" + choice.noticeVersion() + "'"
                            + (PurposeNotice.ISSUER.equals(controller) ? "" : " of that partner")));
            found.put(choice.purpose(), notice);
        }
        return found;
    }

    /**
     * Now, in whole seconds: what MariaDB keeps through mysql-connector-j (it reports itself as 5.5.5), so a receipt or
     * event reads back exactly as it was handed out. The order of events is their sequence number, never the clock.
     */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private PurposeNotice currentIssuerNotice(Purpose purpose, Instant now) {
        PurposeNotice current = notices.current(PurposeNotice.ISSUER, now).get(purpose);
        if (current == null) {
            throw new IllegalStateException("no notice of " + purpose + " is in effect");
        }
        return current;
    }

    private void requireRecord(String memberId) {
        requireId(memberId, "member_id");
        if (!events.hasAny(memberId)) {
            throw new NotFoundException("CONSENT_RECORD_NOT_FOUND", "no consent record for that member");
        }
    }

    private static void requirePurpose(Purpose purpose) {
        if (purpose == null) {
            throw new InvalidRequestException("purpose is unset or unknown");
        }
    }

    private static void requireChannel(ConsentChannel channel) {
        if (channel == null) {
            throw new InvalidRequestException("channel is unset or unknown");
        }
    }

    static void requireId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidRequestException(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
    }

    /** The controller named by a partner id: the issuer when blank. */
    static String controller(String partnerId) {
        if (partnerId == null || partnerId.isBlank()) {
            return PurposeNotice.ISSUER;
        }
        String partner = partnerId.strip();
        if (partner.length() > MAX_ID_LENGTH || partner.equalsIgnoreCase(PurposeNotice.ISSUER)) {
            throw new InvalidRequestException("partner_id must be a partner's id of at most " + MAX_ID_LENGTH
                    + " characters");
        }
        return partner;
    }
}
