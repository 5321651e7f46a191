package dev.anshin.cardcontrol.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.UsageCategory;
import dev.anshin.api.statement.v1.MaskedCard;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.DeclineReason;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.DecisionLedger.CardOnFile;
import dev.anshin.cardcontrol.service.Outbox.Message;

/**
 * Authorization decisions for the card network (オーソリ). One transaction per decision: the card row is locked, then
 * the account's available credit is reserved by a conditional update (which locks the account row), so decisions on
 * one account apply one after the other and available credit never goes below zero. The rows are read and written
 * through {@link DecisionLedger} (plain JDBC: this is the service's hot path).
 * The same authorization id always gets the same answer. An approval and its hand-on to statement-service (a pending
 * item) and notification-service (a usage notice) commit together through the outbox.
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
    /** Far above any card's contract limit; anything larger is a malformed request, not a purchase. */
    private static final long MAX_AMOUNT = 100_000_000;

    private final DecisionLedger ledger;
    private final CardNumberVault vault;
    private final FraudRules fraudRules;
    private final Outbox outbox;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthorizationService(DecisionLedger ledger, CardNumberVault vault, FraudRules fraudRules, Outbox outbox,
            Clock clock) {
        this.ledger = ledger;
        this.vault = vault;
        this.fraudRules = fraudRules;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Approve or decline. A different request reusing an authorization id is refused ({@link AuthorizationIdReused}). */
    public CardAuthorization authorize(AuthorizationRequest request) {
        validate(request);
        byte[] fingerprint = vault.fingerprint(request.canonical());
        try {
            return ledger.inTransaction(tx -> decide(tx, request, fingerprint));
        } catch (AuthorizationIdReused | InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            // Two requests with one id raced past the existence check; the loser's insert failed on the key and its
            // whole transaction rolled back. The winner's decision is the answer.
            Optional<CardAuthorization> winner = ledger.inTransaction(tx -> tx.find(request.authorizationId()));
            if (winner.isPresent()) {
                return sameRequestOrRefuse(winner.get(), fingerprint);
            }
            throw e;
        }
    }

    private CardAuthorization decide(DecisionLedger.Tx tx, AuthorizationRequest request, byte[] fingerprint) {
        Optional<CardAuthorization> earlier = tx.find(request.authorizationId());
        if (earlier.isPresent()) {
            return sameRequestOrRefuse(earlier.get(), fingerprint);
        }
        Instant now = clock.instant();
        Optional<CardOnFile> found = tx.lockCard(vault.lookupHash(request.cardNumber()), request.expiry());
        if (found.isEmpty()) {
            return record(tx, request, fingerprint, null, DeclineReason.INVALID_CARD_DETAILS, now);
        }
        CardOnFile card = found.get();
        if (request.securityCode() != null && !MessageDigest.isEqual(
                request.securityCode().getBytes(StandardCharsets.US_ASCII),
                vault.securityCode(request.cardNumber(), card.expiry(), card.brand()).getBytes(StandardCharsets.US_ASCII))) {
            return record(tx, request, fingerprint, card, DeclineReason.INVALID_CARD_DETAILS, now);
        }
        DeclineReason stateReason = switch (card.state()) {
            case ACTIVE -> null;
            case SUSPENDED -> DeclineReason.CARD_SUSPENDED;
            case CLOSED -> DeclineReason.CARD_CLOSED;
            case FRAUD_HOLD -> DeclineReason.FRAUD_HOLD;
            case AWAITING_ACTIVATION -> DeclineReason.CARD_NOT_ACTIVATED;
        };
        if (stateReason != null) {
            return record(tx, request, fingerprint, card, stateReason, now);
        }
        Optional<String> fraudRule = fraudRules.match(tx, card, request, now);
        if (fraudRule.isPresent()) {
            LOG.infof("authorization %s matched fraud rule %s; asking the member to confirm", request.authorizationId(), fraudRule.get());
            CardAuthorization declined = record(tx, request, fingerprint, card, DeclineReason.SUSPECTED_FRAUD, now);
            tx.insertOutbox(outbox.events(request.authorizationId(),
                    new Message(OutboxEvent.Type.NOTIFICATION_USAGE_CONFIRMATION, StartUsageConfirmationRequest.newBuilder()
                            .setEventId(request.authorizationId())
                            .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                            .setCardId(CardId.newBuilder().setValue(card.id()))
                            .setCardLast4(card.last4())
                            .setAmount(Yen.newBuilder().setAmount(request.amount()))
                            .setMerchantName(request.merchantName())
                            .setAttemptedAt(timestamp(request.requestedAt() != null ? request.requestedAt() : now))
                            .build())));
            return declined;
        }
        if (card.outstanding() + request.amount() > card.usableLimit()) {
            return record(tx, request, fingerprint, card, DeclineReason.OVER_USABLE_LIMIT, now);
        }
        if (!tx.reserve(card, request.amount())) {
            return record(tx, request, fingerprint, card, DeclineReason.OVER_AVAILABLE_CREDIT, now);
        }
        CardAuthorization approved = record(tx, request, fingerprint, card, null, now);
        handOn(tx, approved, card, request);
        return approved;
    }

    /** The pending statement item and the usage notice, committed with the approval. */
    private void handOn(DecisionLedger.Tx tx, CardAuthorization approval, CardOnFile card,
            AuthorizationRequest request) {
        Timestamp at = timestamp(approval.decidedAt);
        tx.insertOutbox(outbox.events(approval.authorizationId,
                new Message(OutboxEvent.Type.STATEMENT_RECORD_AUTHORIZATION, RecordAuthorizationRequest.newBuilder()
                        .setAuthorizationId(approval.authorizationId)
                        .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                        .setCard(MaskedCard.newBuilder()
                                .setCardId(CardId.newBuilder().setValue(card.id()))
                                .setBrand(card.brand().name())
                                .setLast4(card.last4()))
                        .setMerchantName(approval.merchantName)
                        .setAmount(Yen.newBuilder().setAmount(approval.amount))
                        .setAuthorizedAt(at)
                        .build()),
                new Message(OutboxEvent.Type.NOTIFICATION_USAGE, NotifyUsageRequest.newBuilder()
                        .setEventId(approval.authorizationId)
                        .setMemberId(MemberId.newBuilder().setValue(card.memberId()))
                        .setCardId(CardId.newBuilder().setValue(card.id()))
                        .setCardLast4(card.last4())
                        .setAmount(Yen.newBuilder().setAmount(approval.amount))
                        .setMerchantName(approval.merchantName)
                        .setCategory(category(request))
                        .setAuthorizedAt(at)
                        .build())));
    }

    private CardAuthorization record(DecisionLedger.Tx tx, AuthorizationRequest request, byte[] fingerprint,
            CardOnFile card, DeclineReason reason, Instant now) {
        CardAuthorization decision = new CardAuthorization();
        decision.authorizationId = request.authorizationId();
        decision.requestFingerprint = fingerprint;
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
        decision.decidedAt = now;
        tx.insert(decision);
        return decision;
    }

    private static CardAuthorization sameRequestOrRefuse(CardAuthorization earlier, byte[] fingerprint) {
        if (!Arrays.equals(earlier.requestFingerprint, fingerprint)) {
            throw new AuthorizationIdReused(earlier.authorizationId);
        }
        return earlier;
    }

    private static UsageCategory category(AuthorizationRequest request) {
        if (request.channel() == Channel.CASH) {
            return UsageCategory.USAGE_CATEGORY_CASH;
        }
        if (request.overseas()) {
            return UsageCategory.USAGE_CATEGORY_OVERSEAS;
        }
        return request.channel() == Channel.ONLINE ? UsageCategory.USAGE_CATEGORY_ONLINE : UsageCategory.USAGE_CATEGORY_DOMESTIC;
    }

    private String approvalCode() {
        char[] code = new char[6];
        for (int i = 0; i < code.length; i++) {
            code[i] = APPROVAL_CODE_ALPHABET[random.nextInt(APPROVAL_CODE_ALPHABET.length)];
        }
        return new String(code);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
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
        require(!Comments.containsCardNumber(r.merchantName()), "merchant_name must not contain a card number");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(message);
        }
    }
}
