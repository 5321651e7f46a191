package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.hibernate.Hibernate;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.ActorKind;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.Dispute;
import dev.anshin.statement.DisputeEvent;
import dev.anshin.statement.DisputeStatus;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.repository.CardTransactionRepository;
import dev.anshin.statement.repository.DisputeEventRepository;
import dev.anshin.statement.repository.DisputeRepository;

/**
 * Disputes of unrecognised charges (身に覚えのない請求). A member disputes a posted item once (again: the first dispute);
 * fraud compensation covers use on or after the report date minus {@value #COMPENSATION_DAYS} days, both dates in Japan
 * time, and is decided when the dispute is received. Operators move a dispute on: received → investigating → upheld or
 * rejected (with a reason the member sees). Every step is kept in the dispute's history.
 */
@ApplicationScoped
public class DisputeService {

    /** Use this many days before the report date is still covered; one day more is not. */
    public static final int COMPENSATION_DAYS = 60;
    public static final int MAX_TEXT = 1000;
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,36}");

    private final CardTransactionRepository items;
    private final DisputeRepository disputes;
    private final DisputeEventRepository events;
    private final Clock clock;

    public DisputeService(CardTransactionRepository items, DisputeRepository disputes, DisputeEventRepository events,
            Clock clock) {
        this.items = items;
        this.disputes = disputes;
        this.events = events;
        this.clock = clock;
    }

    /** A dispute, and whether this call filed it (false: the item's first dispute, found again). */
    public record Filed(Dispute dispute, boolean created) {
    }

    /** A dispute with its history, oldest first. */
    public record Detail(Dispute dispute, List<DisputeEvent> history) {
    }

    /** Where a page of disputes ends: the last one's report time and id. */
    public record Position(Instant reportedAt, String id) {
    }

    /** A page of disputes, and where the next starts after (null on the last page). */
    public record Page(List<Dispute> disputes, Position next) {
    }

    /** Whether use on {@code useDate} is covered when reported on {@code reportDate} (Japan dates). */
    public static boolean compensationEligible(LocalDate useDate, LocalDate reportDate) {
        return !useDate.isBefore(reportDate.minusDays(COMPENSATION_DAYS));
    }

    /** The member disputes their posted item. The item is locked, so two reports of it take turns. */
    @Transactional
    public Filed report(String memberId, String itemId, String description) {
        if (itemId == null || !ID.matcher(itemId).matches()) {
            throw new InvalidRequestException("transaction_id is required (at most 36 letters, digits or hyphens)");
        }
        String text = text(description, "description");
        if (text == null) {
            throw new InvalidRequestException("description is required: say what you do not recognise about the charge");
        }
        CardTransaction item = items.lockOwned(memberId, itemId).orElseThrow(TransactionNotFoundException::new);
        var earlier = disputes.findByTransactionId(item.id);
        if (earlier.isPresent()) {
            return new Filed(earlier.get(), false);
        }
        if (item.status != TransactionStatus.POSTED) {
            throw new DisputeConflict(DisputeConflict.TRANSACTION_NOT_POSTED, item.status == TransactionStatus.PENDING
                    ? "the charge is still pending: it can be disputed once it is posted (a pending authorization may "
                            + "still be reversed by the merchant)"
                    : "the authorization was " + item.status.name().toLowerCase() + ": nothing was charged");
        }
        Instant now = clock.instant();
        Dispute dispute = new Dispute();
        dispute.id = TimeOrderedIds.next(now);
        dispute.memberId = memberId;
        dispute.transaction = item;
        dispute.description = text;
        dispute.status = DisputeStatus.RECEIVED;
        dispute.reportDate = LocalDate.ofInstant(now, UsageService.TOKYO);
        dispute.compensationEligible = compensationEligible(LocalDate.ofInstant(item.usedAt, UsageService.TOKYO),
                dispute.reportDate);
        dispute.reportedAt = now;
        dispute.updatedAt = now;
        disputes.persist(dispute);
        record(dispute, 1, null, ActorKind.MEMBER, memberId, null, now);
        item.disputed = true;
        return new Filed(dispute, true);
    }

    /** An operator moves a dispute on; the status it has already answers it unchanged. */
    @Transactional
    public Moved advance(String operatorId, String disputeId, DisputeStatus status, String reason) {
        checkId(disputeId);
        if (status == null) {
            throw new InvalidRequestException("status is required: INVESTIGATING, UPHELD or REJECTED");
        }
        String why = text(reason, "reason");
        if (status == DisputeStatus.REJECTED && why == null) {
            throw new InvalidRequestException("reason is required to reject a dispute: the member is told it");
        }
        Dispute dispute = disputes.lock(disputeId).orElseThrow(DisputeNotFoundException::new);
        if (dispute.status == status) {
            return new Moved(detail(dispute), false);
        }
        if (!dispute.status.next().contains(status)) {
            throw new DisputeConflict(DisputeConflict.ILLEGAL_STATUS_CHANGE, "a dispute that is "
                    + dispute.status.name().toLowerCase() + " cannot become " + status.name().toLowerCase()
                    + (dispute.status.next().isEmpty() ? ": it is final"
                            : "; it can become " + dispute.status.next().stream().map(s -> s.name().toLowerCase())
                                    .sorted().collect(Collectors.joining(" or "))));
        }
        Instant now = clock.instant();
        DisputeStatus from = dispute.status;
        dispute.status = status;
        dispute.statusReason = why;
        dispute.updatedAt = now;
        record(dispute, events.history(dispute.id).size() + 1, from, ActorKind.OPERATOR, operatorId, why, now);
        return new Moved(detail(dispute), true);
    }

    /** The dispute after a move, and whether it moved. */
    public record Moved(Detail detail, boolean changed) {
    }

    /** One dispute with its history: a member's own (memberId set), or any for an operator (null). */
    @Transactional
    public Detail get(String memberId, String disputeId) {
        checkId(disputeId);
        return detail(disputes.findVisible(memberId, disputeId).orElseThrow(DisputeNotFoundException::new));
    }

    /** One page of disputes: a member's own, or (memberId null) every member's; optionally in one status. */
    @Transactional
    public Page list(String memberId, DisputeStatus status, int pageSize, Position after) {
        List<Dispute> found = disputes.page(memberId, status, after == null ? null : after.reportedAt(),
                after == null ? null : after.id(), pageSize + 1);
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<Dispute> page = found.subList(0, pageSize);
        Dispute last = page.get(pageSize - 1);
        return new Page(page, new Position(last.reportedAt, last.id));
    }

    /** Every dispute of a member, newest report first, each with its history. */
    @Transactional
    public List<Detail> allOf(String memberId) {
        return disputes.ofMember(memberId).stream().map(this::detail).toList();
    }

    /** The dispute, its item loaded (shown with it, after the transaction ends), and its history. */
    private Detail detail(Dispute dispute) {
        Hibernate.initialize(dispute.transaction);
        return new Detail(dispute, events.history(dispute.id));
    }

    private void record(Dispute dispute, int seq, DisputeStatus from, ActorKind actorKind, String actorId, String reason,
            Instant at) {
        DisputeEvent event = new DisputeEvent();
        event.id = UUID.randomUUID().toString();
        event.disputeId = dispute.id;
        event.seq = seq;
        event.fromStatus = from;
        event.toStatus = dispute.status;
        event.actorKind = actorKind;
        event.actorId = actorId;
        event.reason = reason;
        event.occurredAt = at;
        events.persist(event);
    }

    private static void checkId(String disputeId) {
        if (disputeId == null || !ID.matcher(disputeId).matches()) {
            throw new InvalidRequestException("dispute_id is required (at most 36 letters, digits or hyphens)");
        }
    }

    /** Free text as stored: trimmed, null when blank, at most {@value #MAX_TEXT} characters. */
    private static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_TEXT) {
            throw new InvalidRequestException(field + " must be at most " + MAX_TEXT + " characters");
        }
        return trimmed;
    }
}
