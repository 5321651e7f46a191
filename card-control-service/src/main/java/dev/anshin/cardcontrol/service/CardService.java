package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.CardTransition;
import dev.anshin.cardcontrol.CreditAccount;
import dev.anshin.cardcontrol.CreditReviewRequest;
import dev.anshin.cardcontrol.LossKind;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.ReissueReason;
import dev.anshin.cardcontrol.TransitionReason;
import dev.anshin.cardcontrol.config.CardControlConfig;
import dev.anshin.cardcontrol.config.CardNumberConfig;
import dev.anshin.cardcontrol.metrics.TransitionMeters;
import dev.anshin.cardcontrol.repository.CardListing;
import dev.anshin.cardcontrol.repository.CardListing.ListedCard;
import dev.anshin.cardcontrol.repository.CardRepository;
import dev.anshin.cardcontrol.repository.CardTransitionRepository;
import dev.anshin.cardcontrol.repository.CreditAccountRepository;
import dev.anshin.cardcontrol.repository.CreditReviewRequestRepository;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotPermittedException;

/**
 * The rules of a card's life. Every change locks the card row first, so concurrent requests on one card apply one
 * after the other, and writes the change and its history entry in one transaction, with, for a change of state (and a
 * replacement issued), the member's card-status notice in the outbox.
 */
@ApplicationScoped
public class CardService {

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final CardRepository cards;
    private final CreditAccountRepository accounts;
    private final CardTransitionRepository transitions;
    private final CreditReviewRequestRepository reviews;
    private final CardNumberVault vault;
    private final CardNumberConfig numberConfig;
    private final CardControlConfig config;
    private final Clock clock;
    @Inject
    TransitionMeters transitionMeters;
    @Inject
    OutboxEventRepository outboxEvents;
    @Inject
    Outbox outbox;
    @Inject
    CardListing listing;

    public CardService(CardRepository cards, CreditAccountRepository accounts, CardTransitionRepository transitions,
            CreditReviewRequestRepository reviews, CardNumberVault vault, CardNumberConfig numberConfig,
            CardControlConfig config, Clock clock) {
        this.cards = cards;
        this.accounts = accounts;
        this.transitions = transitions;
        this.reviews = reviews;
        this.vault = vault;
        this.numberConfig = numberConfig;
        this.config = config;
        this.clock = clock;
    }

    /** The card after a request, and whether the request changed it (false: already in effect, a no-op). */
    public record Change(Card card, boolean changed) {
    }

    /** A page of a card's history; {@code nextBeforeSequenceNo} is 0 on the last page. */
    public record HistoryPage(List<CardTransition> transitions, long nextBeforeSequenceNo) {
    }

    /** A card closed and the card that replaces it. */
    public record Replacement(Card card, Card replacement) {
    }

    /** An activation, and the card it closed (null when there was none still open). */
    public record Activation(Card card, boolean changed, Card closedCard) {
    }

    /** A usable-limit request: applied, or recorded as a credit-review request (then the card is unchanged). */
    public record LimitChange(Card card, boolean changed, CreditReviewRequest creditReview) {
    }

    /** A numberless card's details, for its member's eyes only. Never log this. */
    public record Credentials(String cardNumber, YearMonth expiry, String securityCode) {
        @Override
        public String toString() {
            return "Credentials[redacted]";
        }
    }

    /** The member's own cards, as their list shows them ({@link CardListing}: the app's most frequent read). */
    public List<ListedCard> listCards(Actor actor) {
        if (!actor.isMember()) {
            throw new NotPermittedException("listing cards is for the member; operators get a card by id");
        }
        return listing.ofMember(actor.id());
    }

    /**
     * Reads join a transaction when there is one and begin none: one SELECT needs no JTA transaction, and beginning and
     * committing one cost two more round trips to the database on every read.
     */
    @Transactional(TxType.SUPPORTS)
    public Card getCard(Actor actor, String cardId) {
        return visible(actor, cardId, cards.findByIdOptional(requireId(cardId)).orElse(null));
    }

    /** Temporary stop (一時停止). Only an active card stops; a stopped card stays stopped (no-op). */
    @Transactional
    public Change suspend(Actor actor, String cardId, String comment) {
        String note = Comments.check(comment);
        Card card = lockVisible(actor, cardId);
        return switch (card.state) {
            case SUSPENDED -> new Change(card, false);
            case ACTIVE -> {
                move(card, CardState.SUSPENDED, TransitionReason.TEMPORARY_STOP, actor, note);
                yield new Change(card, true);
            }
            default -> throw refusal(card, "suspended");
        };
    }

    /** Resumes a stopped card at once. An active card stays active (no-op); a fraud hold is not the member's to lift. */
    @Transactional
    public Change resume(Actor actor, String cardId, String comment) {
        String note = Comments.check(comment);
        Card card = lockVisible(actor, cardId);
        return switch (card.state) {
            case ACTIVE -> new Change(card, false);
            case SUSPENDED -> {
                move(card, CardState.ACTIVE, TransitionReason.RESUMED, actor, note);
                yield new Change(card, true);
            }
            case FRAUD_HOLD -> throw actor.isMember()
                    ? new CardRuleViolation(CardRuleViolation.Code.FRAUD_HOLD_NOT_MEMBER_LIFTABLE,
                            "the card is on a fraud hold, which only the issuer can release; please contact the issuer")
                    : new CardRuleViolation(CardRuleViolation.Code.CARD_ON_FRAUD_HOLD,
                            "the card is on a fraud hold; release the hold instead of resuming");
            default -> throw refusal(card, "resumed");
        };
    }

    /**
     * Issues a card on the member's credit account, opening the account with the given contract limit when this is
     * the member's first card. The new number is Luhn-valid, under the brand's BIN, and unique.
     */
    @Transactional
    public Card issue(Actor actor, String memberId, CardBrand brand, boolean numberless, Long contractLimit) {
        if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        if (brand == null) {
            throw new InvalidRequestException("brand is required");
        }
        if (contractLimit != null && contractLimit < 0) {
            throw new InvalidRequestException("contract_limit must not be negative");
        }
        Instant now = clock.instant();
        CreditAccount account = accounts.findByMemberForUpdate(memberId).orElse(null);
        if (account == null) {
            if (contractLimit == null) {
                throw new InvalidRequestException("contract_limit is required for a member's first card");
            }
            account = new CreditAccount();
            account.id = UUID.randomUUID().toString();
            account.memberId = memberId;
            account.contractLimit = contractLimit;
            account.createdAt = now;
            accounts.persist(account);
        } else if (contractLimit != null && contractLimit != account.contractLimit) {
            throw new CardRuleViolation(CardRuleViolation.Code.CONTRACT_LIMIT_MISMATCH,
                    "the member's account already has a different contract limit; changing it is a credit decision");
        }
        Card card = persistCard(account, memberId, brand, numberless, account.contractLimit,
                vault.issueNumber(brand, cards::existsByLookupHash), newExpiry(null), CardState.ACTIVE, null);
        record(card, CardState.ACTIVE, TransitionReason.ISSUED, actor, null);
        return card;
    }

    /**
     * Lost, stolen or compromised (紛失・盗難): the card closes at once and for good, together with any other open card
     * carrying the same number (a same-number replacement in the post), and a replacement with a new number, new
     * expiry and new security code is issued in the same transaction, linked both ways. Reporting a card already
     * closed by a loss report answers that report's outcome again.
     */
    @Transactional
    public Replacement reportLoss(Actor actor, String cardId, LossKind kind, String comment) {
        if (kind == null) {
            throw new InvalidRequestException("kind is required (LOST, STOLEN or COMPROMISED)");
        }
        String note = Comments.check(comment);
        Card reported = visible(actor, cardId, cards.findByIdOptional(requireId(cardId)).orElse(null));
        List<Card> sameNumber = cards.lockAllWithNumber(reported.panLookupHash);
        reported = sameNumber.stream().filter(c -> c.id.equals(cardId)).findFirst().orElseThrow();
        if (reported.state == CardState.CLOSED) {
            if (reported.replacedBy != null && closedByLossReport(reported)) {
                return new Replacement(reported, cards.findById(reported.replacedBy));
            }
            throw new CardRuleViolation(CardRuleViolation.Code.CARD_CLOSED,
                    "the card is already closed; a closed card cannot be reported");
        }
        for (Card card : sameNumber) {
            if (card.state != CardState.CLOSED) {
                move(card, CardState.CLOSED, kind.reason(), actor, card == reported ? note : "same number as the reported card");
            }
        }
        Card replacement = newCard(reported, vault.issueNumber(reported.brand, cards::existsByLookupHash),
                reported.expiry());
        reported.replacedBy = replacement.id;
        record(replacement, CardState.AWAITING_ACTIVATION, TransitionReason.ISSUED, actor, null);
        return new Replacement(reported, replacement);
    }

    /**
     * Damaged or expiring: a replacement keeping the number with a new expiry (so a new security code). The card keeps
     * working until the replacement is activated. Asking again while one awaits activation answers that one.
     */
    @Transactional
    public Replacement requestReissue(Actor actor, String cardId, ReissueReason reason, String comment) {
        if (reason == null) {
            throw new InvalidRequestException("reason is required (DAMAGED or EXPIRING)");
        }
        String note = Comments.check(comment);
        Card card = lockVisible(actor, cardId);
        if (card.replacedBy != null) {
            Card pending = cards.findById(card.replacedBy);
            if (pending.state == CardState.AWAITING_ACTIVATION) {
                return new Replacement(card, pending);
            }
        }
        if (card.state != CardState.ACTIVE && card.state != CardState.SUSPENDED) {
            throw refusal(card, "reissued");
        }
        Card replacement = newCard(card, vault.reseal(card.panCiphertext, card.panKeyId), card.expiry());
        card.replacedBy = replacement.id;
        record(card, card.state, reason.reason(), actor, note);
        record(replacement, CardState.AWAITING_ACTIVATION, TransitionReason.ISSUED, actor, null);
        return new Replacement(card, replacement);
    }

    /**
     * Activates a replacement. When the card it replaces still works (a reissue), that card closes in the same
     * transaction. Activating an active card is a no-op.
     */
    @Transactional
    public Activation activate(Actor actor, String cardId) {
        Card card = visible(actor, cardId, cards.findByIdOptional(requireId(cardId)).orElse(null));
        // Lock the replacement and the card it replaces in the same (id) order every path uses.
        List<Card> locked = cards.lockAllWithNumber(card.panLookupHash);
        card = locked.stream().filter(c -> c.id.equals(cardId)).findFirst().orElseThrow();
        // A reissue's replaced card shares the number, so it is among the locked ones; a loss report's replaced card
        // has another number and is closed already.
        String replacedId = card.replacementFor;
        Card replaced = locked.stream().filter(c -> c.id.equals(replacedId)).findFirst().orElse(null);
        if (card.state == CardState.ACTIVE) {
            return new Activation(card, false, null);
        }
        if (card.state != CardState.AWAITING_ACTIVATION) {
            throw new CardRuleViolation(CardRuleViolation.Code.CARD_NOT_AWAITING_ACTIVATION,
                    "only a replacement awaiting activation can be activated");
        }
        move(card, CardState.ACTIVE, TransitionReason.ACTIVATED, actor, null);
        if (replaced != null && replaced.state != CardState.CLOSED) {
            move(replaced, CardState.CLOSED, TransitionReason.REPLACED, actor, null);
            return new Activation(card, true, replaced);
        }
        return new Activation(card, true, null);
    }

    /**
     * The member-set usable limit (利用可能枠): whole yen from 0 to the contract limit, applied at once (lowering, or
     * raising back up to the contract limit). Above the contract limit nothing changes: a credit-review request is
     * recorded instead. {@code expectedVersion} (when not null) refuses the change if the card changed meanwhile.
     */
    @Transactional
    public LimitChange setUsableLimit(Actor actor, String cardId, long amount, Long expectedVersion) {
        if (amount < 0) {
            throw new InvalidRequestException("the usable limit is whole yen and cannot be negative");
        }
        Card card = lockVisible(actor, cardId);
        if (card.state == CardState.CLOSED) {
            throw refusal(card, "given a new limit");
        }
        if (expectedVersion != null && expectedVersion != card.version) {
            throw new CardRuleViolation(CardRuleViolation.Code.VERSION_MISMATCH,
                    "the card changed since it was read; read it again and retry");
        }
        if (amount > card.account.contractLimit) {
            CreditReviewRequest review = new CreditReviewRequest();
            review.id = UUID.randomUUID().toString();
            review.cardId = card.id;
            review.memberId = card.memberId;
            review.requestedAmount = amount;
            review.contractLimit = card.account.contractLimit;
            review.status = CreditReviewRequest.Status.RECEIVED;
            review.actorKind = actor.kind();
            review.actorId = actor.id();
            review.requestedAt = clock.instant();
            reviews.persist(review);
            return new LimitChange(card, false, review);
        }
        if (amount == card.usableLimit) {
            return new LimitChange(card, false, null);
        }
        String change = card.usableLimit + " -> " + amount + " yen";
        card.usableLimit = amount;
        record(card, card.state, TransitionReason.USABLE_LIMIT_CHANGED, actor, change);
        return new LimitChange(card, true, null);
    }

    /**
     * A numberless card's full number, expiry and security code, for its member. At most the configured number of
     * reveals per card in any rolling hour; each one is recorded in the card's history.
     */
    @Transactional
    public Credentials reveal(Actor actor, String cardId) {
        if (!actor.isMember()) {
            throw new NotPermittedException("only the card's member can see its details");
        }
        Card card = lockVisible(actor, cardId);
        if (!card.numberless) {
            throw new CardRuleViolation(CardRuleViolation.Code.NOT_NUMBERLESS,
                    "the card's number is printed on it; only a numberless card's details are shown in the app");
        }
        if (card.state != CardState.ACTIVE && card.state != CardState.SUSPENDED) {
            throw refusal(card, "revealed");
        }
        Instant now = clock.instant();
        List<Instant> recent = transitions.timesSince(card.id, TransitionReason.CREDENTIALS_REVEALED, now.minus(Duration.ofHours(1)));
        if (recent.size() >= config.revealsPerHour()) {
            Instant freed = recent.get(recent.size() - config.revealsPerHour()).plus(Duration.ofHours(1));
            throw new RevealLimitReached(config.revealsPerHour(), Duration.between(now, freed));
        }
        record(card, card.state, TransitionReason.CREDENTIALS_REVEALED, actor, null);
        String number = vault.open(card.panCiphertext, card.panKeyId);
        return new Credentials(number, card.expiry(), vault.securityCode(number, card.expiry(), card.brand));
    }

    /** Fraud hold: the card declines everything until the issuer releases it. A repeated hold is a no-op. */
    @Transactional
    public Change placeFraudHold(Actor actor, String cardId, String comment) {
        String note = Comments.check(comment);
        Card card = lockVisible(actor, cardId);
        return switch (card.state) {
            case FRAUD_HOLD -> new Change(card, false);
            case ACTIVE, SUSPENDED -> {
                move(card, CardState.FRAUD_HOLD, TransitionReason.FRAUD_HOLD_PLACED, actor, note);
                yield new Change(card, true);
            }
            default -> throw refusal(card, "held");
        };
    }

    /** Releases a fraud hold back to active. An active card stays active (no-op). */
    @Transactional
    public Change releaseFraudHold(Actor actor, String cardId, String comment) {
        String note = Comments.check(comment);
        Card card = lockVisible(actor, cardId);
        return switch (card.state) {
            case ACTIVE -> new Change(card, false);
            case FRAUD_HOLD -> {
                move(card, CardState.ACTIVE, TransitionReason.FRAUD_HOLD_RELEASED, actor, note);
                yield new Change(card, true);
            }
            case CLOSED -> throw refusal(card, "released");
            default -> throw new CardRuleViolation(CardRuleViolation.Code.CARD_NOT_ON_FRAUD_HOLD,
                    "the card is not on a fraud hold");
        };
    }

    /**
     * Suspends every active card of the member (in id order, each locked first) with the given reason; cards in any
     * other state are left as they are. The cards it suspended, each with its history entry and card-status notice.
     */
    @Transactional(TxType.MANDATORY)
    public List<Card> suspendEveryActiveCard(Actor actor, String memberId, TransitionReason reason, String comment) {
        String note = Comments.check(comment);
        List<Card> suspended = new java.util.ArrayList<>();
        List<String> ids = cards.listByMember(memberId).stream().filter(c -> c.state == CardState.ACTIVE)
                .map(c -> c.id).sorted().toList();
        for (String id : ids) {
            Card card = cards.findForUpdate(id).orElseThrow();
            if (card.state == CardState.ACTIVE) {
                move(card, CardState.SUSPENDED, reason, actor, note);
                suspended.add(card);
            }
        }
        return suspended;
    }

    /** What a disclosure shows of a member: every card (closed ones too), and every card's history. */
    public record MemberData(List<Card> cards, List<CardTransition> transitions) {
    }

    /** Everything held on a member's cards, for consent-service's disclosure export (ExportMemberData). */
    @Transactional(TxType.SUPPORTS)
    public MemberData export(String memberId) {
        if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        List<Card> owned = cards.listByMember(memberId);
        return new MemberData(owned, transitions.ofCards(owned.stream().map(card -> card.id).toList()));
    }

    /** The member's account for the bureau dates: whether there is one, and its end date (null while it lives). */
    public record AccountStatus(boolean exists, java.time.LocalDate endedOn) {
    }

    /**
     * Whether card-control holds an account for the member, and when it ended: the day in Japan its last card closed,
     * once every card of the account is closed. A card still open in any way (active, suspended, on fraud hold,
     * awaiting activation) means the contract lives.
     */
    @Transactional(TxType.SUPPORTS)
    public AccountStatus accountStatus(String memberId) {
        if (memberId == null || memberId.isBlank() || memberId.length() > 64) {
            throw new InvalidRequestException("member_id is required (at most 64 characters)");
        }
        if (accounts.findByMember(memberId).isEmpty()) {
            return new AccountStatus(false, null);
        }
        List<Card> owned = cards.listByMember(memberId);
        if (owned.isEmpty() || owned.stream().anyMatch(card -> card.state != CardState.CLOSED)) {
            return new AccountStatus(true, null);
        }
        java.time.Instant lastClosed = transitions.ofCards(owned.stream().map(card -> card.id).toList()).stream()
                .filter(entry -> entry.toState == CardState.CLOSED && entry.fromState != CardState.CLOSED)
                .map(entry -> entry.occurredAt).max(java.util.Comparator.naturalOrder()).orElse(null);
        return new AccountStatus(true, lastClosed == null ? null : java.time.LocalDate.ofInstant(lastClosed, JST));
    }

    /** One page of the card's history, newest first. */
    @Transactional
    public HistoryPage history(Actor actor, String cardId, long beforeSequenceNo, int pageSize) {
        Card card = getCard(actor, cardId);
        List<CardTransition> page = transitions.page(card.id, beforeSequenceNo, pageSize + 1);
        if (page.size() > pageSize) {
            List<CardTransition> shown = page.subList(0, pageSize);
            return new HistoryPage(List.copyOf(shown), shown.get(shown.size() - 1).sequenceNo);
        }
        return new HistoryPage(page, 0);
    }

    private Card lockVisible(Actor actor, String cardId) {
        return visible(actor, cardId, cards.findForUpdate(requireId(cardId)).orElse(null));
    }

    private static Card visible(Actor actor, String cardId, Card card) {
        if (card == null || (actor.isMember() && !card.memberId.equals(actor.id()))) {
            throw new CardNotFoundException(cardId);
        }
        return card;
    }

    private static String requireId(String cardId) {
        if (cardId == null || cardId.isBlank()) {
            throw new InvalidRequestException("card_id is required");
        }
        return cardId;
    }

    private void move(Card card, CardState to, TransitionReason reason, Actor actor, String comment) {
        CardState from = card.state;
        card.state = to;
        record(card, from, reason, actor, comment);
    }

    /** A replacement of {@code replaced} on the same account, awaiting activation, with an expiry later than its own. */
    private Card newCard(Card replaced, CardNumberVault.SealedNumber number, YearMonth replacedExpiry) {
        return persistCard(replaced.account, replaced.memberId, replaced.brand, replaced.numberless,
                replaced.usableLimit, number, newExpiry(replacedExpiry), CardState.AWAITING_ACTIVATION, replaced.id);
    }

    /**
     * The validity of a card issued now (JST month of issue plus the configured years), and for a replacement always
     * later than the card it replaces: a same-number replacement must differ in expiry, or it would share the
     * security code.
     */
    private YearMonth newExpiry(YearMonth replacedExpiry) {
        YearMonth expiry = YearMonth.from(clock.instant().atZone(JST)).plusYears(numberConfig.validityYears());
        return replacedExpiry == null || expiry.isAfter(replacedExpiry) ? expiry : replacedExpiry.plusMonths(1);
    }

    /** A new card, inserted; everything set here is fixed for the card's life (the columns are not updatable). */
    private Card persistCard(CreditAccount account, String memberId, CardBrand brand, boolean numberless,
            long usableLimit, CardNumberVault.SealedNumber number, YearMonth expiry, CardState state, String replacementFor) {
        Card card = new Card();
        card.id = UUID.randomUUID().toString();
        card.account = account;
        card.memberId = memberId;
        card.brand = brand;
        card.last4 = number.last4();
        card.expiryYear = expiry.getYear();
        card.expiryMonth = expiry.getMonthValue();
        card.state = state;
        card.numberless = numberless;
        card.usableLimit = usableLimit;
        card.replacementFor = replacementFor;
        card.panCiphertext = number.ciphertext();
        card.panKeyId = number.keyId();
        card.panLookupHash = number.lookupHash();
        card.issuedAt = clock.instant();
        cards.persist(card);
        return card;
    }

    private boolean closedByLossReport(Card card) {
        return transitions.latest(card.id)
                .map(t -> t.toState == CardState.CLOSED && (t.reason == TransitionReason.REPORTED_LOST
                        || t.reason == TransitionReason.REPORTED_STOLEN || t.reason == TransitionReason.REPORTED_COMPROMISED))
                .orElse(false);
    }

    private CardTransition record(Card card, CardState from, TransitionReason reason, Actor actor, String comment) {
        CardTransition entry = new CardTransition();
        entry.id = UUID.randomUUID().toString();
        entry.cardId = card.id;
        entry.sequenceNo = transitions.nextSequenceNo(card.id);
        entry.fromState = from;
        entry.toState = card.state;
        entry.reason = reason;
        entry.actorKind = actor.kind();
        entry.actorId = actor.id();
        entry.occurredAt = clock.instant();
        entry.comment = comment;
        transitions.persist(entry);
        transitionMeters.recorded(reason);
        if (announced(card, entry)) {
            outboxEvents.persist(outbox.event(entry.id, OutboxEvent.Type.NOTIFICATION_CARD_STATUS, statusNotice(card, entry)));
        }
        return entry;
    }

    /**
     * What the member is told of (a security notice, sent whatever their preferences): every change of state
     * (suspended, resumed, closed, fraud hold placed or released, activated) and a replacement issued. Not a first
     * card's issue (the member asked for it in the application), nor entries that leave the state as it was (a reveal,
     * a new usable limit, a reissue request on the old card: its replacement's issue is the notice).
     */
    private static boolean announced(Card card, CardTransition entry) {
        return entry.fromState != entry.toState || entry.reason == TransitionReason.ISSUED && card.replacementFor != null;
    }

    /** The notice's request, keyed by the history entry's id: last four digits, never the number. */
    private static NotifyCardStatusChangeRequest statusNotice(Card card, CardTransition entry) {
        return NotifyCardStatusChangeRequest.newBuilder()
                .setEventId(entry.id)
                .setMemberId(MemberId.newBuilder().setValue(card.memberId))
                .setCardId(CardId.newBuilder().setValue(card.id))
                .setCardLast4(card.last4)
                .setNewState(entry.toState.name())
                .setReason(entry.reason.name())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(entry.occurredAt.getEpochSecond())
                        .setNanos(entry.occurredAt.getNano()))
                .build();
    }

    private static CardRuleViolation refusal(Card card, String verb) {
        return switch (card.state) {
            case CLOSED -> new CardRuleViolation(CardRuleViolation.Code.CARD_CLOSED,
                    "the card is closed and cannot be " + verb);
            case AWAITING_ACTIVATION -> new CardRuleViolation(CardRuleViolation.Code.CARD_NOT_ACTIVATED,
                    "the card is not activated yet and cannot be " + verb);
            case FRAUD_HOLD -> new CardRuleViolation(CardRuleViolation.Code.CARD_ON_FRAUD_HOLD,
                    "the card is on a fraud hold and cannot be " + verb);
            default -> throw new IllegalStateException("no refusal for state " + card.state);
        };
    }
}
