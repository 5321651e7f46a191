package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.grpc.ServiceErrors;
import dev.anshin.statement.AuthorizationRelease;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.repository.AuthorizationReleaseRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Approvals from card-control become pending items, once each: the authorization id is the key, so a delivery
 * repeated by card-control's relay (at least once, and forever until acknowledged) finds its item and changes nothing.
 * An approval whose authorization the clearing system reversed before it got here is recorded reversed; one the
 * clearing record posted first is already there, posted.
 * <p>
 * A batch ({@link #recordAll}) is recorded in one transaction: one look-up of the ids already recorded, one insert of
 * the rest. If that transaction fails (another delivery of one of its ids raced it, or a lock timed out), each item is
 * recorded again in a transaction of its own, so that one item's trouble never holds back the others, and each is
 * answered on its own.
 */
@ApplicationScoped
public class AuthorizationService {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class);

    /** The most items one RecordAuthorizations call may carry (its contract says 500). */
    public static final int MAX_ITEMS_PER_CALL = 500;

    private final CardTransactionRepository items;
    private final AuthorizationReleaseRepository releases;
    private final ServiceErrors errors;
    private final Clock clock;

    public AuthorizationService(CardTransactionRepository items, AuthorizationReleaseRepository releases,
            ServiceErrors errors, Clock clock) {
        this.items = items;
        this.releases = releases;
        this.errors = errors;
        this.clock = clock;
    }

    /** How one item of a batch went: what RecordAuthorization alone would have answered for it. */
    public record Outcome(String authorizationId, Status.Code code, String message) {
    }

    /** Records one approval; the item it recorded first for a repeated authorization id. */
    public CardTransaction record(Approval approval) {
        Approval checked = UsageRules.check(approval, clock.instant());
        try {
            return QuarkusTransaction.requiringNew().call(() -> recordInTransaction(checked));
        } catch (RuntimeException raced) {
            // Another delivery of the same approval, or its clearing record, may have inserted the item first (a
            // unique key refused this insert): the second run finds it.
            return QuarkusTransaction.requiringNew().call(() -> recordInTransaction(checked));
        }
    }

    /**
     * Records each approval as {@link #record} would, and answers one outcome per approval in the order given: OK when
     * it is recorded (now or before), INVALID_ARGUMENT when it is malformed, another code when it could not be recorded
     * now. An id sent twice in one batch is recorded once, and both are answered alike.
     */
    public List<Outcome> recordAll(List<Approval> approvals) {
        if (approvals.isEmpty() || approvals.size() > MAX_ITEMS_PER_CALL) {
            throw new InvalidRequestException("items must hold 1 to " + MAX_ITEMS_PER_CALL + " authorizations");
        }
        Instant now = clock.instant();
        Outcome[] outcomes = new Outcome[approvals.size()];
        Map<String, Approval> valid = new LinkedHashMap<>();
        for (int i = 0; i < approvals.size(); i++) {
            Approval approval = approvals.get(i);
            try {
                Approval checked = UsageRules.check(approval, now);
                valid.putIfAbsent(checked.authorizationId(), checked);
            } catch (InvalidRequestException refused) {
                outcomes[i] = new Outcome(key(approval), Status.Code.INVALID_ARGUMENT, refused.getMessage());
            }
        }
        Map<String, Outcome> byId = new HashMap<>();
        if (!valid.isEmpty()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> recordTogether(valid));
                valid.keySet().forEach(id -> byId.put(id, new Outcome(id, Status.Code.OK, "")));
            } catch (RuntimeException together) {
                LOG.debugf("a batch of %d approvals failed together (%s); recording them one by one", valid.size(),
                        together.toString());
                valid.values().forEach(approval -> byId.put(approval.authorizationId(), recordAlone(approval)));
            }
        }
        List<Outcome> answered = new ArrayList<>(approvals.size());
        for (int i = 0; i < approvals.size(); i++) {
            answered.add(outcomes[i] != null ? outcomes[i] : byId.get(approvals.get(i).authorizationId()));
        }
        return answered;
    }

    /** One approval of a batch, as {@link #record} records it; a failure is its outcome, not the batch's. */
    private Outcome recordAlone(Approval approval) {
        try {
            try {
                QuarkusTransaction.requiringNew().run(() -> recordInTransaction(approval));
            } catch (RuntimeException raced) {
                QuarkusTransaction.requiringNew().run(() -> recordInTransaction(approval));
            }
            return new Outcome(approval.authorizationId(), Status.Code.OK, "");
        } catch (RuntimeException failure) {
            StatusRuntimeException status = errors.toStatus(failure);
            String message = status.getStatus().getDescription();
            return new Outcome(approval.authorizationId(), status.getStatus().getCode(), message == null ? "" : message);
        }
    }

    /**
     * The approval's item: the one recorded already, or a new one. A new item is inserted, then the authorization's
     * release is read with a lock: a reversal inserting it at this moment is waited for (it waits for this item in turn,
     * see {@link ClearingService#reverse}), so the approval of a reversed authorization is never left pending.
     */
    private CardTransaction recordInTransaction(Approval approval) {
        var existing = items.findByAuthorizationId(approval.authorizationId());
        if (existing.isPresent()) {
            noteAuthorizedAmount(existing.get(), approval);
            return existing.get();
        }
        CardTransaction item = pendingItem(approval);
        items.persistAndFlush(item);
        releases.lock(approval.authorizationId()).ifPresent(release -> item.status = release.reason.itemStatus());
        return item;
    }

    /** Many approvals at once: as {@link #recordInTransaction}, with one statement per step for all of them. */
    private void recordTogether(Map<String, Approval> approvals) {
        Map<String, Approval> missing = new LinkedHashMap<>(approvals);
        for (CardTransaction item : items.findByAuthorizationIds(approvals.keySet())) {
            noteAuthorizedAmount(item, approvals.get(item.authorizationId));
            missing.remove(item.authorizationId);
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, CardTransaction> inserted = new HashMap<>();
        for (Approval approval : missing.values()) {
            CardTransaction item = pendingItem(approval);
            items.persist(item);
            inserted.put(approval.authorizationId(), item);
        }
        items.flush();
        for (AuthorizationRelease release : releases.lockAll(missing.keySet())) {
            inserted.get(release.authorizationId).status = release.reason.itemStatus();
        }
    }

    /**
     * An item the clearing record posted before its approval got here has no authorized amount yet: the approval's is
     * what card-control reserved. Kept only when the approval is for the same member and card.
     */
    private static void noteAuthorizedAmount(CardTransaction item, Approval approval) {
        if (item.authorizedAmount != null) {
            return;
        }
        if (item.memberId.equals(approval.memberId()) && item.cardId.equals(approval.card().cardId())) {
            item.authorizedAmount = approval.amount();
        } else {
            LOG.warnf("authorization %s was posted for another member or card than card-control approved it for; "
                    + "the posted item is kept as it is", approval.authorizationId());
        }
    }

    private CardTransaction pendingItem(Approval approval) {
        var item = new CardTransaction();
        item.id = UUID.randomUUID().toString();
        item.memberId = approval.memberId();
        item.cardId = approval.card().cardId();
        item.cardBrand = approval.card().brand();
        item.cardLast4 = approval.card().last4();
        item.merchantName = approval.merchantName();
        item.amount = approval.amount();
        item.authorizedAmount = approval.amount();
        // Not known until it clears; a pending item is shown as a lump sum.
        item.paymentMethod = PaymentMethod.LUMP_SUM;
        item.status = TransactionStatus.PENDING;
        item.authorizationId = approval.authorizationId();
        item.usedAt = approval.authorizedAt();
        item.createdAt = UsageRules.now(clock);
        return item;
    }

    private static String key(Approval approval) {
        return approval.authorizationId() == null ? "" : approval.authorizationId();
    }
}
