package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.kit.error.DomainException;
import dev.anshin.statement.AuthorizationRelease;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.ReleaseReason;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.repository.AuthorizationReleaseRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What the clearing system does to usage: posts cleared transactions (with or without an authorization, for the
 * authorized amount or another), and reverses authorizations that will not clear. Each change of an authorization's
 * item locks it first, and an item or release inserted for an authorization not seen yet is followed by a locked read
 * of the other, so an approval, its clearing record, its reversal and its expiry, arriving in any order or at once,
 * take turns (a deadlock between two of them rolls one back, ABORTED, to be sent again).
 */
@ApplicationScoped
public class ClearingService {

    private final CardTransactionRepository items;
    private final AuthorizationReleaseRepository releases;
    private final Outbox outbox;
    private final Clock clock;

    public ClearingService(CardTransactionRepository items, AuthorizationReleaseRepository releases, Outbox outbox,
            Clock clock) {
        this.items = items;
        this.releases = releases;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A reversal's outcome: the item (null while its approval has not arrived), and whether this call reversed it. */
    public record Reversal(CardTransaction item, boolean changed) {
    }

    /**
     * Posts a clearing record. Its pending (or expired) item becomes posted, with the cleared amount, merchant name and
     * payment method; the authorization's time stays the use time, and its amount is kept as the authorized amount.
     * Without an item to post, a posted one is inserted. The same record again answers the item it posted.
     */
    public CardTransaction post(ClearingRecord record) {
        ClearingRecord checked = UsageRules.check(record, clock.instant());
        return onceMore(() -> postInTransaction(checked));
    }

    /**
     * Reverses an authorization: its pending item is no longer listed, and a release of its reserved credit is recorded
     * (once). Not recorded here yet, it is recorded reversed when its approval arrives. A reversed or expired
     * authorization changes no more.
     */
    public Reversal reverse(String authorizationId, Instant reversedAt) {
        Instant now = UsageRules.now(clock);
        String id = UsageRules.externalId(authorizationId, "authorization_id");
        Instant at = reversedAt == null ? now : UsageRules.time(reversedAt, "reversed_at", now);
        return onceMore(() -> reverseInTransaction(id, at));
    }

    private CardTransaction postInTransaction(ClearingRecord record) {
        var posted = items.findByClearingId(record.transactionId());
        if (posted.isPresent()) {
            if (!sameClearing(posted.get(), record)) {
                throw new TransactionIdReused();
            }
            return posted.get();
        }
        Instant now = UsageRules.now(clock);
        if (record.authorizationId() == null) {
            return insertPosted(record, now);
        }
        var authorized = items.lockByAuthorizationId(record.authorizationId());
        if (authorized.isEmpty()) {
            CardTransaction item = insertPosted(record, now);
            if (releases.lock(record.authorizationId()).filter(r -> r.reason == ReleaseReason.REVERSED).isPresent()) {
                throw reversed(record.authorizationId());
            }
            return item;
        }
        CardTransaction item = authorized.get();
        if (!item.memberId.equals(record.memberId()) || !item.cardId.equals(record.card().cardId())) {
            throw new ClearingConflict(ClearingConflict.AUTHORIZATION_MISMATCH, "authorization "
                    + record.authorizationId() + " was approved for another member or card than this record names");
        }
        switch (item.status) {
            case POSTED -> throw new ClearingConflict(ClearingConflict.AUTHORIZATION_ALREADY_POSTED,
                    "authorization " + record.authorizationId() + " was posted by another clearing record");
            case REVERSED -> throw reversed(record.authorizationId());
            case PENDING, EXPIRED -> {
                // An expired authorization may still be presented late: the purchase was made, the member owes it.
                item.status = TransactionStatus.POSTED;
                item.clearingId = record.transactionId();
                item.postedAt = now;
                item.amount = record.amount();
                item.merchantName = record.merchantName();
                item.paymentMethod = record.paymentMethod();
                item.installmentCount = installments(record);
            }
        }
        return item;
    }

    private Reversal reverseInTransaction(String authorizationId, Instant reversedAt) {
        Instant now = UsageRules.now(clock);
        var recorded = items.lockByAuthorizationId(authorizationId);
        if (recorded.isPresent()) {
            return reverse(recorded.get(), reversedAt, now);
        }
        if (releases.lock(authorizationId).isPresent()) {
            return new Reversal(null, false);
        }
        releases.persistAndFlush(AuthorizationRelease.of(authorizationId, ReleaseReason.REVERSED, reversedAt, now));
        outbox.release(authorizationId, ReleaseReason.REVERSED);
        // Its approval (or clearing record) may be arriving at this moment: wait for it, and reverse it here if it did.
        var arrived = items.lockByAuthorizationId(authorizationId);
        if (arrived.isEmpty()) {
            return new Reversal(null, true);
        }
        if (arrived.get().status == TransactionStatus.POSTED) {
            throw alreadyPosted(authorizationId);
        }
        arrived.get().status = TransactionStatus.REVERSED;
        return new Reversal(arrived.get(), true);
    }

    private Reversal reverse(CardTransaction item, Instant reversedAt, Instant now) {
        return switch (item.status) {
            case POSTED -> throw alreadyPosted(item.authorizationId);
            case REVERSED, EXPIRED -> new Reversal(item, false);
            case PENDING -> {
                item.status = TransactionStatus.REVERSED;
                releases.persist(AuthorizationRelease.of(item.authorizationId, ReleaseReason.REVERSED, reversedAt, now));
                outbox.release(item.authorizationId, ReleaseReason.REVERSED);
                yield new Reversal(item, true);
            }
        };
    }

    private CardTransaction insertPosted(ClearingRecord record, Instant now) {
        var item = new CardTransaction();
        item.id = UUID.randomUUID().toString();
        item.memberId = record.memberId();
        item.cardId = record.card().cardId();
        item.cardBrand = record.card().brand();
        item.cardLast4 = record.card().last4();
        item.merchantName = record.merchantName();
        item.amount = record.amount();
        item.paymentMethod = record.paymentMethod();
        item.installmentCount = installments(record);
        item.status = TransactionStatus.POSTED;
        item.authorizationId = record.authorizationId();
        item.clearingId = record.transactionId();
        item.usedAt = record.usedAt();
        item.postedAt = now;
        item.createdAt = now;
        items.persistAndFlush(item);
        return item;
    }

    /** The facts of a clearing record that never change once posted (the member may change the payment method later). */
    private static boolean sameClearing(CardTransaction item, ClearingRecord record) {
        return item.memberId.equals(record.memberId()) && item.cardId.equals(record.card().cardId())
                && item.amount == record.amount() && item.merchantName.equals(record.merchantName())
                && Objects.equals(item.authorizationId, record.authorizationId());
    }

    private static Integer installments(ClearingRecord record) {
        return record.installmentCount() == 0 ? null : record.installmentCount();
    }

    private static ClearingConflict reversed(String authorizationId) {
        return new ClearingConflict(ClearingConflict.AUTHORIZATION_REVERSED,
                "authorization " + authorizationId + " was reversed; a new charge is posted without its authorization_id");
    }

    private static ClearingConflict alreadyPosted(String authorizationId) {
        return new ClearingConflict(ClearingConflict.AUTHORIZATION_ALREADY_POSTED, "authorization " + authorizationId
                + " has cleared and cannot be reversed; a refund is a clearing record of its own");
    }

    /**
     * Runs the change in a transaction, and once more if it failed other than by a refusal: the same request racing
     * another (a concurrent approval, a repeated delivery) meets that one's row on a unique key, and the second run
     * finds it. A second failure is answered as it is.
     */
    private static <T> T onceMore(Supplier<T> change) {
        try {
            return QuarkusTransaction.requiringNew().call(change::get);
        } catch (DomainException refusal) {
            throw refusal;
        } catch (RuntimeException raced) {
            return QuarkusTransaction.requiringNew().call(change::get);
        }
    }
}
