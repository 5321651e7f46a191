package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.repository.CreditLedger;
import dev.anshin.cardcontrol.repository.CreditLedger.Approved;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;

/**
 * Credit given back, and overdue statements, as statement-service reports them through its outbox. Each event is
 * applied once: its id is recorded in the transaction that changes the credit, after the rows it changes are locked
 * (cards, then their account: the order every decision locks them in), so a second delivery — at once or later —
 * finds it and changes nothing. Outstanding amounts never go below zero.
 */
@ApplicationScoped
public class CreditService {

    private static final Logger LOG = Logger.getLogger(CreditService.class);
    public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
    private static final int MAX_ID = 64;

    private final CreditLedger ledger;
    private final Clock clock;

    public CreditService(CreditLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Whether an event changed anything, and the yen it gave back. */
    public record Applied(boolean applied, long amount) {
    }

    /** A reversed or expired authorization: what it reserved goes back to its card and account, once. */
    @Transactional
    public Applied release(String eventId, String authorizationId, String reason) {
        id(eventId, "event_id");
        id(authorizationId, "authorization_id");
        if (reason == null) {
            throw new InvalidRequestException("reason is required: REVERSED or EXPIRED");
        }
        Optional<Approved> approved = ledger.approved(authorizationId);
        if (approved.isEmpty()) {
            // Declined, or never decided here: it reserved nothing.
            return new Applied(false, 0);
        }
        Approved authorization = approved.get();
        ledger.lockCards(List.of(authorization.cardId()));
        ledger.lockAccount(authorization.accountId());
        if (ledger.applied(eventId, authorizationId)) {
            return new Applied(false, 0);
        }
        ledger.record(eventId, "RELEASE", authorization.accountId(), authorizationId, null, authorization.amount(), now());
        ledger.giveBack(authorization.accountId(), authorization.amount(), Map.of(authorization.cardId(), authorization.amount()));
        LOG.infof("authorization %s %s: its reserved credit was given back", authorizationId, reason.toLowerCase());
        return new Applied(true, authorization.amount());
    }

    /**
     * A paid statement: its principal goes back to the account, each card's part to the card (cards of another
     * account are left alone), and its overdue decline, if any, is lifted.
     */
    @Transactional
    public Applied statementPaid(String eventId, String memberId, String statementId, long principal,
            Map<String, Long> byCard) {
        id(eventId, "event_id");
        id(memberId, "member_id");
        id(statementId, "statement_id");
        if (principal < 0 || byCard.values().stream().anyMatch(v -> v < 0)) {
            throw new InvalidRequestException("amounts must not be negative");
        }
        long cardsTotal = byCard.values().stream().mapToLong(Long::longValue).sum();
        if (cardsTotal > principal) {
            throw new InvalidRequestException("the cards' parts add up to more than the principal");
        }
        String accountId = account(memberId);
        Map<String, Long> own = new TreeMap<>();
        for (String card : ledger.lockCardsOfAccount(accountId, byCard.keySet())) {
            own.put(card, byCard.get(card));
        }
        ledger.lockAccount(accountId);
        if (ledger.applied(eventId, null)) {
            return new Applied(false, 0);
        }
        ledger.record(eventId, "STATEMENT_PAID", accountId, null, statementId, principal, now());
        ledger.giveBack(accountId, principal, own);
        ledger.standing(statementId).ifPresentOrElse(overdue -> {
            if (overdue) {
                ledger.setStanding(statementId, false, now());
                ledger.addOverdue(accountId, -1);
            }
        }, () -> ledger.insertStanding(statementId, accountId, false, now()));
        LOG.infof("statement %s paid: its principal was given back", statementId);
        return new Applied(true, principal);
    }

    /** A failed debit: the statement is overdue and the member's authorizations are declined until it is paid. */
    @Transactional
    public Applied statementOverdue(String eventId, String memberId, String statementId) {
        id(eventId, "event_id");
        id(memberId, "member_id");
        id(statementId, "statement_id");
        String accountId = account(memberId);
        ledger.lockAccount(accountId);
        if (ledger.applied(eventId, null)) {
            return new Applied(false, 0);
        }
        ledger.record(eventId, "STATEMENT_OVERDUE", accountId, null, statementId, 0, now());
        if (ledger.standing(statementId).isPresent()) {
            // Overdue already, or paid before this report arrived: nothing more to decline for.
            return new Applied(false, 0);
        }
        ledger.insertStanding(statementId, accountId, true, now());
        ledger.addOverdue(accountId, 1);
        LOG.infof("statement %s overdue: the member's authorizations are declined until it is paid", statementId);
        return new Applied(true, 0);
    }

    private String account(String memberId) {
        return ledger.accountOf(memberId)
                .orElseThrow(() -> new NotFoundException(ACCOUNT_NOT_FOUND, "no credit account for that member"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void id(String value, String field) {
        if (value == null || value.isBlank() || value.length() > MAX_ID) {
            throw new InvalidRequestException(field + " is required (at most " + MAX_ID + " characters)");
        }
    }
}
