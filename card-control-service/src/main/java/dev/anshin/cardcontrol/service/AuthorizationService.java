package dev.anshin.cardcontrol.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.CardState;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.config.DecisionBatchConfig;
import dev.anshin.cardcontrol.metrics.DecisionMeters;
import dev.anshin.cardcontrol.repository.AuthenticationLedger;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.DecisionLedger.AccountOnFile;
import dev.anshin.cardcontrol.repository.DecisionLedger.CardOnFile;
import dev.anshin.cardcontrol.repository.LocalTransactions;
import dev.anshin.cardcontrol.repository.OutboxLedger;
import dev.anshin.cardcontrol.repository.SqlFailures;
import dev.anshin.cardcontrol.repository.VerifiedRetryLedger;
import dev.anshin.cardcontrol.threeds.config.ThreeDsConfig;
import dev.anshin.cardcontrol.threeds.service.AuthenticationValues;
import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.kit.error.InvalidRequestException;

/**
 * Authorization decisions for the card network (オーソリ).
 * <p>
 * Decisions that arrive together are decided together, in one transaction ({@link Batcher}; sizes in
 * {@link DecisionBatchConfig}): their cards are locked, then their accounts, and each decision is then taken in
 * arrival order against what the earlier ones of the same transaction already reserved, so decisions on one card or
 * account apply one after the other and available credit never goes below zero. They share the transaction's
 * statements ({@link DecisionLedger}, plain JDBC) and its commit, which is what lets the database keep up with the
 * card network. Authorization ids are taken for new (the network sends each once): one seen before fails the
 * transaction on its key, and the batch is decided again, answering it as first decided. If the shared transaction
 * fails otherwise (a lock wait timeout, a lost connection), its decisions are taken again, each in its own transaction.
 * The same authorization id always gets the same answer. An approval and its hand-on to statement-service (a pending
 * item) and notification-service (a usage notice) commit together through the outbox ({@link DecisionEvents}).
 */
@ApplicationScoped
public class AuthorizationService {

    private static final Logger LOG = Logger.getLogger(AuthorizationService.class);
    private static final Pattern AUTHORIZATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern CARD_NUMBER = Pattern.compile("\\d{12,19}");
    private static final Pattern SECURITY_CODE = Pattern.compile("\\d{3,4}");
    private static final Pattern CATEGORY_CODE = Pattern.compile("\\d{4}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final char[] APPROVAL_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final HexFormat HEX = HexFormat.of();
    /** Far above any card's contract limit; anything larger is a malformed request, not a purchase. */
    private static final long MAX_AMOUNT = 100_000_000;

    /**
     * A validated request with what is computed from its card number before it joins a transaction: the less a
     * transaction computes, the shorter its row locks are held. {@code securityCodeSeed} is null when the request
     * carries no security code; cards are matched on number and expiry, so the seed is the matched card's.
     * {@code authenticationValueVerifies} is null without a 3-D Secure authentication value, else whether the value
     * is the one given for exactly this purchase (a keyed MAC, checked without the database).
     */
    private record Pending(AuthorizationRequest request, byte[] fingerprint, byte[] lookupHash,
            Integer securityCodeSeed, Boolean authenticationValueVerifies) {

        String cardKey() {
            return HEX.formatHex(lookupHash) + "/" + request.expiry();
        }
    }

    /** A request's answer: its decision, or the reason it has none ({@link AuthorizationIdReused}, a failure). */
    private record Outcome(CardAuthorization decision, RuntimeException failure) {

        static Outcome of(CardAuthorization earlier, byte[] fingerprint) {
            return Arrays.equals(earlier.requestFingerprint, fingerprint) ? new Outcome(earlier, null)
                    : new Outcome(null, new AuthorizationIdReused(earlier.authorizationId));
        }

    }

    private final LocalTransactions transactions;
    private final DecisionLedger ledger;
    private final OutboxLedger outboxLedger;
    private final DecisionEvents decisionEvents;
    private final CardNumberVault vault;
    private final FraudRules fraudRules;
    private final OutboxRelay relay;
    private final Clock clock;
    private final DecisionBatchConfig batchConfig;
    @Inject
    AuthenticationLedger authenticationLedger;
    @Inject
    AuthenticationValues authenticationValues;
    @Inject
    ThreeDsConfig threeDs;
    private final SecureRandom random = new SecureRandom();
    private Batcher<Pending, Outcome> batches;
    @Inject
    DecisionMeters meters;
    @Inject
    VerifiedRetryLedger verifiedRetries;

    public AuthorizationService(LocalTransactions transactions, DecisionLedger ledger, OutboxLedger outboxLedger,
            DecisionEvents decisionEvents, CardNumberVault vault, FraudRules fraudRules, OutboxRelay relay, Clock clock,
            DecisionBatchConfig batchConfig) {
        this.transactions = transactions;
        this.ledger = ledger;
        this.outboxLedger = outboxLedger;
        this.decisionEvents = decisionEvents;
        this.vault = vault;
        this.fraudRules = fraudRules;
        this.relay = relay;
        this.clock = clock;
        this.batchConfig = batchConfig;
    }

    @PostConstruct
    void startCommitters() {
        if (batchConfig.maxSize() < 1 || batchConfig.maxSize() > 256 || batchConfig.committers() < 1
                || batchConfig.maxQueued() < 1) {
            throw new IllegalStateException("anshin.authorization.batch.max-size must be 1 to 256, committers and"
                    + " max-queued at least 1");
        }
        Duration lockWait = batchConfig.lockWaitTimeout();
        if (lockWait.toSeconds() < 1 || lockWait.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalStateException("anshin.authorization.batch.lock-wait-timeout must be whole seconds, at least 1");
        }
        batches = new Batcher<>("authorization-committer", batchConfig.committers(), batchConfig.maxSize(),
                batchConfig.maxQueued(), Committer::new);
    }

    /** Decisions already queued are still taken at shutdown; later ones are refused ({@link DecisionsUnavailable}). */
    @PreDestroy
    void stopCommitters() {
        batches.close();
    }

    /**
     * Approve or decline: the decision once its transaction has committed (on the committer's thread). A malformed
     * request is refused at once ({@link InvalidRequestException}); a different request reusing an authorization id
     * fails the answer with {@link AuthorizationIdReused}; so many waiting that this one would wait behind a stalled
     * database, or a service shutting down, fails it with {@link DecisionsUnavailable} and records nothing.
     */
    public CompletableFuture<CardAuthorization> authorize(AuthorizationRequest request) {
        validate(request);
        CompletableFuture<CardAuthorization> answer = new CompletableFuture<>();
        meters.observe(answer);
        Integer securityCodeSeed = request.securityCode() == null ? null
                : vault.securityCodeSeed(request.cardNumber(), request.expiry());
        byte[] lookupHash = vault.lookupHash(request.cardNumber());
        Boolean valueVerifies = request.authenticationValue() == null ? null
                : authenticationValues.verifies(request.authenticationValue(), boundPurchase(request, lookupHash));
        batches.submitAsync(new Pending(request, vault.fingerprint(request.canonical()), lookupHash, securityCodeSeed,
                valueVerifies)).whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        answer.completeExceptionally(failure);
                    } else if (outcome.failure() != null) {
                        answer.completeExceptionally(outcome.failure());
                    } else {
                        answer.complete(outcome.decision());
                    }
                });
        return answer;
    }

    /** A committer thread's worker: its own database connection, held while it runs. */
    private final class Committer implements Batcher.Worker<Pending, Outcome> {

        private final LocalTransactions.Session session = transactions.openSession(batchConfig.lockWaitTimeout());

        /**
         * One transaction for the batch, which takes every authorization id for new: the card network sends one once,
         * and looking each up first cost a round trip per transaction. One seen before fails the insert on its key;
         * the batch is then decided again, looking its ids up first. If that fails too, or the failure was another
         * (a lock wait timeout, a lost database), each decision is taken in a transaction of its own.
         */
        @Override
        public List<Outcome> apply(List<Pending> batch) {
            RuntimeException failure;
            try {
                return handedOn(session.inTransaction(tx -> decide(tx, batch, false)));
            } catch (RuntimeException e) {
                failure = e;
            }
            if (SqlFailures.isDuplicateKey(failure)) {
                try {
                    return handedOn(session.inTransaction(tx -> decide(tx, batch, true)));
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (batch.size() == 1) {
                return List.of(answerAfter(failure, batch.get(0)));
            }
            LOG.debugf(failure, "a transaction of %d decisions rolled back; deciding each on its own", batch.size());
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                try {
                    outcomes.add(handedOn(session.inTransaction(tx -> decide(tx, List.of(pending), true))).get(0));
                } catch (RuntimeException e) {
                    outcomes.add(answerAfter(e, pending));
                }
            }
            return outcomes;
        }

        /** A committed transaction's events go to the relay in memory, when they were written under its claim. */
        private List<Outcome> handedOn(Decided committed) {
            if (committed.handOff()) {
                relay.handOff(committed.events());
            }
            return committed.outcomes();
        }

        /**
         * The answer to a request whose transaction failed. If two requests with its id raced past the look-up, the
         * loser's insert failed on the key and its whole transaction rolled back: the winner's decision is the answer.
         * Otherwise the failure is.
         */
        private Outcome answerAfter(RuntimeException failure, Pending pending) {
            String id = pending.request().authorizationId();
            try {
                CardAuthorization winner = session.inTransaction(tx -> ledger.findDecisions(tx, List.of(id))).get(id);
                if (winner != null) {
                    return Outcome.of(winner, pending.fingerprint());
                }
            } catch (RuntimeException again) {
                failure.addSuppressed(again);
            }
            return new Outcome(null, failure);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Decides the batch in arrival order, in the transaction {@code tx}: cards locked, then accounts, then each
     * decision against the limits less what earlier decisions of the batch reserved; the writes of all of them last.
     * With {@code lookUpEarlier}, decisions already given under the batch's ids are read first and answered as they
     * were; without, an id decided before fails the transaction when its decision is inserted.
     */
    private Decided decide(LocalTransactions.Tx tx, List<Pending> batch, boolean lookUpEarlier) {
        Instant now = clock.instant();
        Map<String, CardAuthorization> decided = lookUpEarlier
                ? ledger.findDecisions(tx, batch.stream().map(p -> p.request().authorizationId())
                        .collect(Collectors.toCollection(LinkedHashSet::new)))
                : new HashMap<>();
        Map<String, byte[]> lookupHashes = new LinkedHashMap<>();
        for (Pending pending : batch) {
            if (!decided.containsKey(pending.request().authorizationId())) {
                lookupHashes.putIfAbsent(HEX.formatHex(pending.lookupHash()), pending.lookupHash());
            }
        }
        Map<String, CardOnFile> cards = new HashMap<>();
        Set<String> activeCardIds = new TreeSet<>();
        Set<String> accountIds = new TreeSet<>();
        for (CardOnFile card : ledger.lockCards(tx, lookupHashes.values())) {
            cards.put(card.lookupHash() + "/" + card.expiry(), card);
            if (card.state() == CardState.ACTIVE) {
                activeCardIds.add(card.id());
                accountIds.add(card.accountId());
            }
        }
        DecisionLedger.AccountsAndApprovals locked = ledger.lockAccountsCountingApprovals(tx, accountIds, activeCardIds,
                now.minus(fraudRules.velocityWindow()));
        Map<String, AccountOnFile> accounts = locked.accounts();

        Batch writes = new Batch(tx, now, locked.approvalsSince());
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            CardAuthorization earlier = decided.get(pending.request().authorizationId());
            if (earlier != null) {
                outcomes.add(Outcome.of(earlier, pending.fingerprint()));
                continue;
            }
            CardOnFile card = cards.get(pending.cardKey());
            CardAuthorization decision = decide(writes, pending, card, card == null ? null : accounts.get(card.accountId()));
            decided.put(decision.authorizationId, decision);
            outcomes.add(new Outcome(decision, null));
        }
        ledger.reserve(tx, writes.reservedByAccount, writes.reservedByCard);
        ledger.insert(tx, writes.decisions);
        OutboxRelay.Claim claim = writes.events.isEmpty() ? null : relay.handOffClaim(now);
        if (claim != null) {
            for (OutboxEvent event : writes.events) {
                event.claimToken = claim.token();
                event.claimedUntil = claim.until();
            }
        }
        outboxLedger.insert(tx, writes.events);
        return new Decided(outcomes, writes.events, claim != null);
    }

    /** A transaction's answers, and the outbox events it wrote (claimed for handing off to the relay, or not). */
    private record Decided(List<Outcome> outcomes, List<OutboxEvent> events, boolean handOff) {
    }

    /** What the decisions of one transaction have reserved and will write, so far. */
    private static final class Batch {

        final LocalTransactions.Tx tx;
        final Instant now;
        final Map<String, Long> approvalsInWindow;
        final Map<String, Long> reservedByAccount = new HashMap<>();
        final Map<String, Long> reservedByCard = new HashMap<>();
        final List<CardAuthorization> decisions = new ArrayList<>();
        final List<OutboxEvent> events = new ArrayList<>();
        /** Verified retries used by approvals of this transaction. */
        final Set<String> verifiedRetriesUsed = new java.util.HashSet<>();

        Batch(LocalTransactions.Tx tx, Instant now, Map<String, Long> approvalsInWindow) {
            this.tx = tx;
            this.now = now;
            this.approvalsInWindow = new HashMap<>(approvalsInWindow);
        }

        void reserve(CardOnFile card, long amount) {
            reservedByAccount.merge(card.accountId(), amount, Long::sum);
            reservedByCard.merge(card.id(), amount, Long::sum);
            approvalsInWindow.merge(card.id(), 1L, Long::sum);
        }
    }

    private CardAuthorization decide(Batch batch, Pending pending, CardOnFile card, AccountOnFile account) {
        AuthorizationRequest request = pending.request();
        if (card == null) {
            return record(batch, pending, null, DeclineReason.INVALID_CARD_DETAILS);
        }
        if (request.securityCode() != null && !MessageDigest.isEqual(
                request.securityCode().getBytes(StandardCharsets.US_ASCII),
                CardNumberVault.securityCode(pending.securityCodeSeed(), card.brand()).getBytes(StandardCharsets.US_ASCII))) {
            return record(batch, pending, card, DeclineReason.INVALID_CARD_DETAILS);
        }
        DeclineReason stateReason = switch (card.state()) {
            case ACTIVE -> null;
            case SUSPENDED -> DeclineReason.CARD_SUSPENDED;
            case CLOSED -> DeclineReason.CARD_CLOSED;
            case FRAUD_HOLD -> DeclineReason.FRAUD_HOLD;
            case AWAITING_ACTIVATION -> DeclineReason.CARD_NOT_ACTIVATED;
        };
        if (stateReason != null) {
            return record(batch, pending, card, stateReason);
        }
        if (pending.authenticationValueVerifies() != null) {
            DeclineReason refused = spendAuthentication(batch, pending);
            if (refused != null) {
                return record(batch, pending, card, refused);
            }
            CardAuthorization authenticated = decideOnRisk(batch, pending, card, account, true);
            authenticated.authenticationId = request.authenticationTransactionId();
            return authenticated;
        }
        return decideOnRisk(batch, pending, card, account, false);
    }

    /**
     * A 3-D Secure authentication value: one that verifies for this purchase is spent (one update by key; a value
     * spent before, by an earlier transaction or earlier in this one, is refused as used). One that does not verify
     * is looked up (one read by key) to tell a genuine value of another purchase from a forged one. Null: spent now.
     */
    private DeclineReason spendAuthentication(Batch batch, Pending pending) {
        AuthorizationRequest request = pending.request();
        if (pending.authenticationValueVerifies()) {
            return authenticationLedger.spend(batch.tx, request.authenticationTransactionId(), request.authorizationId(),
                    batch.now) ? null : DeclineReason.AUTHENTICATION_VALUE_USED;
        }
        AuthenticationValues.Purchase givenFor = authenticationLedger.purchaseOf(batch.tx, request.authenticationTransactionId());
        return givenFor != null && authenticationValues.verifies(request.authenticationValue(), givenFor)
                ? DeclineReason.AUTHENTICATION_OTHER_PURCHASE : DeclineReason.AUTHENTICATION_VALUE_INVALID;
    }

    /** What a 3-D Secure authentication value must be bound to for this request: its own purchase. */
    private static AuthenticationValues.Purchase boundPurchase(AuthorizationRequest request, byte[] lookupHash) {
        return new AuthenticationValues.Purchase(request.authenticationTransactionId(), lookupHash, request.amount(),
                request.merchantName(), request.merchantCategoryCode(), request.merchantCountry());
    }

    /**
     * The fraud rules, then (online, unauthenticated, at or above the threshold) the soft decline asking for 3-D
     * Secure, then the usable limit and the available credit; approves when all pass.
     */
    private CardAuthorization decideOnRisk(Batch batch, Pending pending, CardOnFile card, AccountOnFile account,
            boolean authenticated) {
        AuthorizationRequest request = pending.request();
        // A purchase the cardholder has just authenticated with 3-D Secure is not held for an earlier refused challenge.
        Optional<String> fraudRule = fraudRules.match(request, () -> batch.approvalsInWindow.getOrDefault(card.id(), 0L),
                authenticated ? null : card.challengeRefusedAt(), batch.now);
        String verifiedRetry = null;
        if (fraudRule.isPresent()) {
            // The member said a purchase held like this one was theirs (ご利用確認): its retry passes the rules once.
            verifiedRetry = verifiedRetries.find(batch.tx, new VerifiedRetryLedger.Purchase(card.id(), request.amount(),
                    request.merchantName(), request.merchantCategoryCode(), request.merchantCountry()), batch.now,
                    batch.verifiedRetriesUsed);
            if (verifiedRetry == null) {
                LOG.infof("authorization %s matched fraud rule %s; asking the member to confirm", request.authorizationId(), fraudRule.get());
                CardAuthorization declined = record(batch, pending, card, DeclineReason.SUSPECTED_FRAUD);
                batch.events.add(decisionEvents.usageConfirmation(declined, card, request));
                return declined;
            }
        }
        if (!authenticated && request.channel() == Channel.ONLINE
                && request.amount() >= threeDs.authenticationRequiredAmount()) {
            return record(batch, pending, card, DeclineReason.AUTHENTICATION_REQUIRED);
        }
        if (card.outstanding() + batch.reservedByCard.getOrDefault(card.id(), 0L) + request.amount() > card.usableLimit()) {
            return record(batch, pending, card, DeclineReason.OVER_USABLE_LIMIT);
        }
        // An overdue statement (a failed debit not paid since) leaves no available credit until it is paid.
        if (account.overdue() || account.outstanding() + batch.reservedByAccount.getOrDefault(account.id(), 0L)
                + request.amount() > account.contractLimit()) {
            return record(batch, pending, card, DeclineReason.OVER_AVAILABLE_CREDIT);
        }
        if (verifiedRetry != null) {
            verifiedRetries.use(batch.tx, verifiedRetry, request.authorizationId(), batch.now);
            batch.verifiedRetriesUsed.add(verifiedRetry);
            LOG.infof("authorization %s matched fraud rule %s; approved as the retry the member confirmed (%s)",
                    request.authorizationId(), fraudRule.get(), verifiedRetry);
        }
        batch.reserve(card, request.amount());
        CardAuthorization approved = record(batch, pending, card, null);
        batch.events.add(decisionEvents.approval(approved, card, request));
        return approved;
    }

    private CardAuthorization record(Batch batch, Pending pending, CardOnFile card, DeclineReason reason) {
        AuthorizationRequest request = pending.request();
        CardAuthorization decision = new CardAuthorization();
        decision.authorizationId = request.authorizationId();
        decision.requestFingerprint = pending.fingerprint();
        decision.cardId = card == null ? null : card.id();
        decision.decision = reason == null ? Decision.APPROVED : Decision.DECLINED;
        decision.declineReason = reason;
        decision.approvalCode = reason == null ? approvalCode() : null;
        decision.amount = request.amount();
        decision.merchantName = request.merchantName();
        decision.merchantCategoryCode = request.merchantCategoryCode();
        decision.merchantCountry = request.merchantCountry();
        decision.channel = request.channel();
        decision.usageConfirmationRequested = reason == DeclineReason.SUSPECTED_FRAUD;
        decision.decidedAt = batch.now;
        batch.decisions.add(decision);
        return decision;
    }

    private String approvalCode() {
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = APPROVAL_CODE_ALPHABET[random.nextInt(APPROVAL_CODE_ALPHABET.length)];
        }
        return new String(code);
    }

    /** Malformed requests are errors, not declines; messages never repeat the card number. */
    private static void validate(AuthorizationRequest r) {
        require(r.authorizationId() != null && AUTHORIZATION_ID.matcher(r.authorizationId()).matches(),
                "authorization_id is required: 1 to 64 letters, digits or . _ : -");
        require(r.cardNumber() != null && CARD_NUMBER.matcher(r.cardNumber()).matches(),
                "card_number must be 12 to 19 digits");
        require(r.expiry() != null, "expiry is required (year and month 1 to 12)");
        require(r.securityCode() == null || SECURITY_CODE.matcher(r.securityCode()).matches(),
                "security_code must be 3 or 4 digits when given");
        require(r.amount() > 0 && r.amount() <= MAX_AMOUNT, "amount must be a positive number of yen");
        require(r.merchantName() != null && !r.merchantName().isBlank() && r.merchantName().length() <= 128,
                "merchant_name is required (at most 128 characters)");
        require(r.merchantCategoryCode() != null && CATEGORY_CODE.matcher(r.merchantCategoryCode()).matches(),
                "merchant_category_code must be 4 digits");
        require(r.merchantCountry() != null && COUNTRY.matcher(r.merchantCountry()).matches(),
                "merchant_country must be an ISO 3166-1 alpha-2 code");
        require(r.channel() != null, "channel is required");
        require(!CardNumberText.containsCardNumber(r.merchantName()), "merchant_name must not contain a card number");
        require(r.authenticationValue() == null || r.channel() == Channel.ONLINE,
                "authentication_value is for online purchases only");
        require(r.authenticationValue() == null || (r.authenticationValue().length() <= 128
                && r.authenticationTransactionId() != null && AUTHORIZATION_ID.matcher(r.authenticationTransactionId()).matches()),
                "authentication_value (at most 128 characters) needs its authentication_transaction_id");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(message);
        }
    }
}
