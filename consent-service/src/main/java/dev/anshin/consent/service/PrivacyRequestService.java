package dev.anshin.consent.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.consent.PrivacyRequest;
import dev.anshin.consent.PrivacyRequestKind;
import dev.anshin.consent.PrivacyRequestStatus;
import dev.anshin.consent.config.PrivacyRequestConfig;
import dev.anshin.consent.repository.PrivacyDisclosureRepository;
import dev.anshin.consent.repository.PrivacyRequestRepository;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;

/**
 * Privacy requests (Art. 4; APPI Arts. 33-35): a member files one (electronic delivery, a due date the configured
 * number of days after the filing date in Japan), operators move it along its flow ({@link PrivacyRequestStatus}) and
 * list the overdue ones. The details may hold personal data: they never appear in a log or an error.
 */
@ApplicationScoped
public class PrivacyRequestService {

    /** Due dates are Japan dates: the issuer answers by the end of that day in Japan. */
    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int MAX_DETAILS = 2000;
    static final int MAX_REASON = 1000;

    private final PrivacyRequestRepository requests;
    private final PrivacyDisclosureRepository disclosures;
    private final PrivacyRequestConfig config;
    private final Clock clock;

    public PrivacyRequestService(PrivacyRequestRepository requests, PrivacyDisclosureRepository disclosures,
            PrivacyRequestConfig config, Clock clock) {
        this.requests = requests;
        this.disclosures = disclosures;
        this.config = config;
        this.clock = clock;
    }

    /** Files the member's request: received, due the configured number of days after today in Japan. */
    @Transactional
    public PrivacyRequest file(String memberId, PrivacyRequestKind kind, String details, boolean electronicDelivery) {
        if (kind == null) {
            throw new InvalidRequestException("kind is unset or unknown: DISCLOSURE, CORRECTION, DELETION or STOP_OF_USE");
        }
        String text = details == null ? "" : details.strip();
        if (text.length() > MAX_DETAILS) {
            throw new InvalidRequestException("details is longer than " + MAX_DETAILS + " characters");
        }
        if (kind == PrivacyRequestKind.CORRECTION && text.isEmpty()) {
            throw new InvalidRequestException("details is required for a correction: what is wrong and what is right");
        }
        if (!electronicDelivery) {
            throw new InvalidRequestException("electronic_delivery must be true: the answer is delivered electronically");
        }
        Instant now = now();
        PrivacyRequest request = new PrivacyRequest();
        request.id = UUID.randomUUID().toString();
        request.memberId = memberId;
        request.kind = kind;
        request.status = PrivacyRequestStatus.RECEIVED;
        request.details = text;
        request.electronicDelivery = true;
        request.dueDate = today(now).plusDays(config.dueInDays());
        request.filedAt = now;
        request.updatedAt = now;
        requests.persist(request);
        return request;
    }

    /** One request: the member's own ({@code memberScope}), or any for an operator (null scope). */
    public PrivacyRequest get(String requestId, String memberScope) {
        PrivacyRequest request = requestId == null || requestId.isBlank() || requestId.length() > 36 ? null
                : requests.findByPublicId(requestId);
        if (request == null || (memberScope != null && !memberScope.equals(request.memberId))) {
            throw new NotFoundException("PRIVACY_REQUEST_NOT_FOUND", "no such privacy request");
        }
        return request;
    }

    /** One page, newest first: the member's own ({@code memberScope}), or everyone's for an operator, filtered. */
    public List<PrivacyRequest> list(String memberScope, PrivacyRequestStatus status, boolean overdueOnly, long beforeSeq,
            int size) {
        return requests.pageBefore(memberScope, status, overdueOnly ? today(now()) : null, beforeSeq, size);
    }

    /** Moves a request one step along its flow; partial completion and rejection need a reason. */
    @Transactional
    public PrivacyRequest advance(String requestId, PrivacyRequestStatus to, String reason) {
        if (to == null) {
            throw new InvalidRequestException("status is unset or unknown");
        }
        String why = reason == null ? "" : reason.strip();
        if (to.needsReason() && why.isEmpty()) {
            throw new InvalidRequestException("a reason is required to move a request to " + to);
        }
        if (why.length() > MAX_REASON) {
            throw new InvalidRequestException("reason is longer than " + MAX_REASON + " characters");
        }
        PrivacyRequest request = get(requestId, null);
        if (!request.status.next().contains(to)) {
            throw new IllegalStatusChange(request.status, to);
        }
        request.status = to;
        request.reason = to.needsReason() ? why : null;
        request.updatedAt = now();
        return request;
    }

    /**
     * Moves a disclosure request in progress and keeps its export, gathered just before (outside this transaction:
     * the other services were asked over gRPC), in the same transaction: a request in progress always has one.
     */
    @Transactional
    public PrivacyRequest advanceWithDisclosure(String requestId, PrivacyRequestStatus to, String reason, Instant gatheredAt,
            String document) {
        PrivacyRequest moved = advance(requestId, to, reason);
        disclosures.insert(moved.id, gatheredAt, document);
        return moved;
    }

    /** Today in Japan, where due dates are counted. */
    public LocalDate today() {
        return today(now());
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, JAPAN);
    }

    /** Now, as stored: whole seconds. */
    public Instant instant() {
        return now();
    }

    /** Whole seconds, as ConsentService: what MariaDB keeps through mysql-connector-j, so a request reads back as handed out. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
