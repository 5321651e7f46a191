package dev.anshin.cardcontrol.service;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.CardBrand;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.CardTransition;
import dev.anshin.cardcontrol.CreditAccount;
import dev.anshin.cardcontrol.TransitionReason;
import dev.anshin.cardcontrol.config.CardNumberConfig;
import dev.anshin.cardcontrol.repository.CardRepository;
import dev.anshin.cardcontrol.repository.CardTransitionRepository;
import dev.anshin.cardcontrol.repository.CreditAccountRepository;

/**
 * The rules of a card's life. Every change locks the card row first, so concurrent requests on one card apply one
 * after the other, and writes the change and its history entry in one transaction.
 */
@ApplicationScoped
public class CardService {

    static final ZoneId JST = ZoneId.of("Asia/Tokyo");

    private final CardRepository cards;
    private final CreditAccountRepository accounts;
    private final CardTransitionRepository transitions;
    private final CardNumberVault vault;
    private final CardNumberConfig numberConfig;
    private final Clock clock;

    public CardService(CardRepository cards, CreditAccountRepository accounts, CardTransitionRepository transitions,
            CardNumberVault vault, CardNumberConfig numberConfig, Clock clock) {
        this.cards = cards;
        this.accounts = accounts;
        this.transitions = transitions;
        this.vault = vault;
        this.numberConfig = numberConfig;
        this.clock = clock;
    }

    /** The card after a request, and whether the request changed it (false: already in effect, a no-op). */
    public record Change(Card card, boolean changed) {
    }

    /** A page of a card's history; {@code nextBeforeSequenceNo} is 0 on the last page. */
    public record HistoryPage(List<CardTransition> transitions, long nextBeforeSequenceNo) {
    }

    @Transactional
    public List<Card> listCards(Actor actor) {
        if (!actor.isMember()) {
            throw new NotPermittedException("listing cards is for the member; operators get a card by id");
        }
        return cards.listByMember(actor.id());
    }

    @Transactional
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
        CardNumberVault.SealedNumber number = vault.issueNumber(brand, cards::existsByLookupHash);
        YearMonth expiry = YearMonth.from(now.atZone(JST)).plusYears(numberConfig.validityYears());

        Card card = new Card();
        card.id = UUID.randomUUID().toString();
        card.account = account;
        card.memberId = memberId;
        card.brand = brand;
        card.last4 = number.last4();
        card.expiryYear = expiry.getYear();
        card.expiryMonth = expiry.getMonthValue();
        card.state = CardState.ACTIVE;
        card.numberless = numberless;
        card.usableLimit = account.contractLimit;
        card.panCiphertext = number.ciphertext();
        card.panKeyId = number.keyId();
        card.panLookupHash = number.lookupHash();
        card.issuedAt = now;
        cards.persist(card);
        record(card, CardState.ACTIVE, TransitionReason.ISSUED, actor, null);
        return card;
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

    private CardTransition record(Card card, CardState from, TransitionReason reason, Actor actor, String comment) {
        CardTransition entry = new CardTransition();
        entry.id = UUID.randomUUID().toString();
        entry.cardId = card.id;
        entry.sequenceNo = ++card.historyLength;
        entry.fromState = from;
        entry.toState = card.state;
        entry.reason = reason;
        entry.actorKind = actor.kind();
        entry.actorId = actor.id();
        entry.occurredAt = clock.instant();
        entry.comment = comment;
        transitions.persist(entry);
        return entry;
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
