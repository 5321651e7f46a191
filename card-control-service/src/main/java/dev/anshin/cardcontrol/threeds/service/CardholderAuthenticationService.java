package dev.anshin.cardcontrol.threeds.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.cardcontrol.Card;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.OutboxEvent;
import dev.anshin.cardcontrol.repository.OutboxEventRepository;
import dev.anshin.cardcontrol.service.Actor;
import dev.anshin.cardcontrol.service.AuthorizationRequest;
import dev.anshin.cardcontrol.service.CardNumberVault;
import dev.anshin.cardcontrol.service.FraudRules;
import dev.anshin.cardcontrol.service.Outbox;
import dev.anshin.cardcontrol.threeds.AuthenticationStatus;
import dev.anshin.cardcontrol.threeds.CardholderAuthentication;
import dev.anshin.cardcontrol.threeds.ChallengeMethod;
import dev.anshin.cardcontrol.threeds.ChallengeState;
import dev.anshin.cardcontrol.threeds.RejectReason;
import dev.anshin.cardcontrol.threeds.RiskReason;
import dev.anshin.cardcontrol.threeds.config.ThreeDsConfig;
import dev.anshin.cardcontrol.threeds.repository.CardholderAuthenticationRepository;
import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.kit.error.NotFoundException;

/**
 * The issuer's Access Control Server: decides how each online purchase attempt is authenticated (frictionless,
 * challenge, not authenticated, rejected), records the decision with its reasons, and settles challenges. The rules
 * are in the README (3-D Secure); thresholds in {@link ThreeDsConfig}.
 */
@ApplicationScoped
public class CardholderAuthenticationService {

    private static final Logger LOG = Logger.getLogger(CardholderAuthenticationService.class);
    private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern UPPER_LETTERS = Pattern.compile("[A-Z]+");
    private static final long MAX_AMOUNT = 100_000_000;
    /** Wrong codes an SMS challenge accepts before it fails. */
    public static final int CODE_TRIES = 3;

    private final CardholderAuthenticationRepository authentications;
    private final CardNumberVault vault;
    private final FraudRules fraudRules;
    private final AuthenticationValues values;
    private final ThreeDsConfig config;
    private final Clock clock;
    private final AuthenticationCodes codes;
    private final Outbox outbox;
    private final OutboxEventRepository outboxEvents;

    /** An authentication and, when it is Y, its authentication value (never stored; derived for the answer). */
    public record Outcome(CardholderAuthentication authentication, String authenticationValue) {
        @Override
        public String toString() {
            return "Outcome[" + authentication.acsTransactionId + ", " + authentication.status + "]";
        }
    }

    public CardholderAuthenticationService(CardholderAuthenticationRepository authentications, CardNumberVault vault,
            FraudRules fraudRules, AuthenticationValues values, ThreeDsConfig config, Clock clock,
            AuthenticationCodes codes, Outbox outbox, OutboxEventRepository outboxEvents) {
        this.authentications = authentications;
        this.vault = vault;
        this.fraudRules = fraudRules;
        this.values = values;
        this.config = config;
        this.clock = clock;
        this.codes = codes;
        this.outbox = outbox;
        this.outboxEvents = outboxEvents;
    }

    /** What a submitted code came to: the authentication after it, and its value when it is now Y. */
    public record CodeOutcome(CardholderAuthentication authentication, String authenticationValue) {
        @Override
        public String toString() {
            return "CodeOutcome[" + authentication.acsTransactionId + ", " + authentication.challengeState + "]";
        }
    }

    /**
     * AReq: the card must exist (else N, {@code INVALID_CARD_DETAILS}) and be active (else R with its state); then
     * frictionless (Y) only when every risk factor is low, otherwise a challenge (C) that expires after
     * {@link ThreeDsConfig#challengeTtl()}, in the app or, when the request asks for it, by a one-time code sent by
     * SMS: its outbox event (notification-service's {@code SendAuthenticationCode}, without the code, which the relay
     * derives) is written in this transaction; an in-app one's push ({@code NotifyAuthenticationChallenge}) likewise. A
     * directory-server transaction id asked before fails on its key ({@code ALREADY_EXISTS}).
     */
    @Transactional
    public Outcome authenticate(AuthenticationRequest request) {
        validate(request);
        Instant now = clock.instant();
        CardholderAuthentication a = new CardholderAuthentication();
        a.acsTransactionId = UUID.randomUUID().toString();
        a.dsTransactionId = request.dsTransactionId();
        a.serverTransactionId = request.serverTransactionId();
        a.cardLookupHash = vault.lookupHash(request.cardNumber());
        a.amount = request.amount();
        a.currency = request.currency();
        a.merchantName = request.merchantName();
        a.merchantCategoryCode = request.merchantCategoryCode();
        a.merchantCountry = request.merchantCountry();
        a.deviceChannel = request.deviceChannel();
        a.deviceHash = vault.fingerprint("device|" + request.deviceId());
        a.requestedAt = now;
        a.riskReasons(List.of());
        Optional<Card> found = authentications.cardWithNumber(a.cardLookupHash, request.expiry());
        if (found.isEmpty()) {
            a.status = AuthenticationStatus.NOT_AUTHENTICATED;
            a.rejectReason = RejectReason.INVALID_CARD_DETAILS;
        } else {
            Card card = found.get();
            a.cardId = card.id;
            a.memberId = card.memberId;
            a.rejectReason = switch (card.state) {
                case ACTIVE -> null;
                case SUSPENDED -> RejectReason.CARD_SUSPENDED;
                case CLOSED -> RejectReason.CARD_CLOSED;
                case FRAUD_HOLD -> RejectReason.FRAUD_HOLD;
                case AWAITING_ACTIVATION -> RejectReason.CARD_NOT_ACTIVATED;
            };
            if (a.rejectReason != null) {
                a.status = AuthenticationStatus.REJECTED;
            } else {
                List<RiskReason> reasons = riskReasons(request, card, a.deviceHash, now);
                a.riskReasons(reasons);
                if (reasons.stream().allMatch(CardholderAuthenticationService::lowRisk)) {
                    a.status = AuthenticationStatus.AUTHENTICATED;
                    a.valueKeyId = values.activeKeyId();
                } else {
                    a.status = AuthenticationStatus.CHALLENGE_REQUIRED;
                    a.challengeState = ChallengeState.PENDING;
                    a.challengeExpiresAt = now.plus(config.challengeTtl());
                    a.challengeMethod = request.challengeMethod() == null ? ChallengeMethod.IN_APP : request.challengeMethod();
                    if (a.challengeMethod == ChallengeMethod.SMS_CODE) {
                        a.codeKeyId = codes.activeKeyId();
                        a.codeTriesLeft = CODE_TRIES;
                    }
                }
            }
        }
        authentications.persist(a);
        if (a.challengeMethod == ChallengeMethod.SMS_CODE) {
            outboxEvents.persist(outbox.event(a.acsTransactionId, OutboxEvent.Type.NOTIFICATION_AUTHENTICATION_CODE,
                    codeRequest(a, found.get())));
        } else if (a.challengeMethod == ChallengeMethod.IN_APP) {
            outboxEvents.persist(outbox.event(a.acsTransactionId, OutboxEvent.Type.NOTIFICATION_AUTHENTICATION_CHALLENGE,
                    challengeRequest(a, found.get())));
        }
        LOG.infof("authentication %s (directory server %s): %s %s", a.acsTransactionId, a.dsTransactionId, a.status,
                a.rejectReason != null ? a.rejectReason : a.riskReasons);
        return outcome(a);
    }

    /** RReq: where the authentication stands now (a challenge past its expiry is settled as expired first). */
    @Transactional
    public Outcome result(String acsTransactionId) {
        CardholderAuthentication a = authentications.findForUpdate(requireId(acsTransactionId))
                .orElseThrow(() -> new NotFoundException("AUTHENTICATION_NOT_FOUND",
                        "authentication " + acsTransactionId + " not found"));
        settleIfExpired(a, clock.instant());
        return outcome(a);
    }

    /** The member's in-app challenges still waiting and not yet expired, newest first (SMS ones are answered by code). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CardholderAuthentication> pendingChallenges(Actor member) {
        Instant now = clock.instant();
        return authentications.challengesOf(member.id(), ChallengeState.PENDING, ChallengeMethod.IN_APP).stream()
                .filter(a -> a.challengeExpiresAt.isAfter(now))
                .toList();
    }

    /**
     * The member's answer in the app. Approved: Y, and the device is recognised from now on. Denied: N, and the card
     * is noted for the fraud rule "refused-challenge". Another member's challenge, or an SMS one, is not found; an
     * expired or answered one is refused ({@link ChallengeClosed}).
     */
    @Transactional(dontRollbackOn = ChallengeClosed.class)
    public CardholderAuthentication answer(Actor member, String challengeId, boolean approve) {
        CardholderAuthentication a = authentications.findForUpdate(requireId(challengeId))
                .filter(found -> found.challengeMethod == ChallengeMethod.IN_APP && member.id().equals(found.memberId))
                .orElseThrow(() -> new NotFoundException("AUTHENTICATION_CHALLENGE_NOT_FOUND",
                        "challenge " + challengeId + " not found"));
        Instant now = clock.instant();
        if (settleIfExpired(a, now)) {
            throw ChallengeClosed.expired(a.acsTransactionId);
        }
        if (a.challengeState != ChallengeState.PENDING) {
            throw ChallengeClosed.answered(a.acsTransactionId);
        }
        a.challengeAnsweredAt = now;
        if (approve) {
            a.challengeState = ChallengeState.APPROVED;
            a.status = AuthenticationStatus.AUTHENTICATED;
            a.valueKeyId = values.activeKeyId();
            authentications.recogniseDevice(a.memberId, a.deviceHash, now);
        } else {
            a.challengeState = ChallengeState.DENIED;
            a.status = AuthenticationStatus.NOT_AUTHENTICATED;
            a.rejectReason = RejectReason.CHALLENGE_DENIED;
            authentications.noteRefusedChallenge(a.cardId, now);
        }
        LOG.infof("challenge %s answered by the member: %s", a.acsTransactionId, a.challengeState);
        return a;
    }

    /**
     * A code the cardholder typed on the ACS page for an SMS challenge. Right: Y (with the value), and the device is
     * recognised from now on. Wrong: one try fewer, still C; the third wrong one fails the challenge (N,
     * {@code CHALLENGE_FAILED}) and notes the card for the fraud rule "refused-challenge". A code that is not 6 digits
     * is malformed (no try used); an in-app challenge is not found; an expired or ended one is refused. The code is
     * never logged, stored or repeated in an error.
     */
    @Transactional(dontRollbackOn = ChallengeClosed.class)
    public CodeOutcome submitCode(String acsTransactionId, String code) {
        check(AuthenticationCodes.wellFormed(code), "code must be " + AuthenticationCodes.DIGITS + " digits");
        CardholderAuthentication a = authentications.findForUpdate(requireId(acsTransactionId))
                .filter(found -> found.challengeMethod == ChallengeMethod.SMS_CODE)
                .orElseThrow(() -> new NotFoundException("AUTHENTICATION_CHALLENGE_NOT_FOUND",
                        "SMS challenge " + acsTransactionId + " not found"));
        Instant now = clock.instant();
        if (settleIfExpired(a, now)) {
            throw ChallengeClosed.expired(a.acsTransactionId);
        }
        if (a.challengeState != ChallengeState.PENDING) {
            throw ChallengeClosed.answered(a.acsTransactionId);
        }
        if (codes.verifies(a.codeKeyId, a.acsTransactionId, code)) {
            a.challengeAnsweredAt = now;
            a.challengeState = ChallengeState.APPROVED;
            a.status = AuthenticationStatus.AUTHENTICATED;
            a.valueKeyId = values.activeKeyId();
            authentications.recogniseDevice(a.memberId, a.deviceHash, now);
            LOG.infof("SMS challenge %s: the right code, authenticated", a.acsTransactionId);
        } else {
            a.codeTriesLeft = Math.max(0, a.codeTriesLeft - 1);
            if (a.codeTriesLeft == 0) {
                a.challengeAnsweredAt = now;
                a.challengeState = ChallengeState.FAILED;
                a.status = AuthenticationStatus.NOT_AUTHENTICATED;
                a.rejectReason = RejectReason.CHALLENGE_FAILED;
                authentications.noteRefusedChallenge(a.cardId, now);
            }
            LOG.infof("SMS challenge %s: a wrong code, %d tries left", a.acsTransactionId, a.codeTriesLeft);
        }
        Outcome outcome = outcome(a);
        return new CodeOutcome(a, outcome.authenticationValue());
    }

    /** The SMS's request as stored in the outbox: everything but the code, which the relay derives when it sends. */
    private static SendAuthenticationCodeRequest codeRequest(CardholderAuthentication a, Card card) {
        return SendAuthenticationCodeRequest.newBuilder()
                .setChallengeId(a.acsTransactionId)
                .setMemberId(MemberId.newBuilder().setValue(card.memberId))
                .setCardId(CardId.newBuilder().setValue(card.id))
                .setCardLast4(card.last4)
                .setAmount(Yen.newBuilder().setAmount(a.amount))
                .setMerchantName(a.merchantName)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(a.challengeExpiresAt.getEpochSecond())
                        .setNanos(a.challengeExpiresAt.getNano()))
                .build();
    }

    /**
     * The push's request: what the member's history shows of the purchase (merchant, amount, last four digits,
     * expiry). Never the card number or anything that answers the challenge.
     */
    private static NotifyAuthenticationChallengeRequest challengeRequest(CardholderAuthentication a, Card card) {
        return NotifyAuthenticationChallengeRequest.newBuilder()
                .setChallengeId(a.acsTransactionId)
                .setMemberId(MemberId.newBuilder().setValue(card.memberId))
                .setCardId(CardId.newBuilder().setValue(card.id))
                .setCardLast4(card.last4)
                .setAmount(Yen.newBuilder().setAmount(a.amount))
                .setCurrency(a.currency)
                .setMerchantName(a.merchantName)
                .setExpiresAt(Timestamp.newBuilder().setSeconds(a.challengeExpiresAt.getEpochSecond())
                        .setNanos(a.challengeExpiresAt.getNano()))
                .build();
    }

    /** The purchase an authentication's value is bound to. */
    public static AuthenticationValues.Purchase purchaseOf(CardholderAuthentication a) {
        return new AuthenticationValues.Purchase(a.acsTransactionId, a.cardLookupHash, a.amount, a.merchantName,
                a.merchantCategoryCode, a.merchantCountry);
    }

    private Outcome outcome(CardholderAuthentication a) {
        return new Outcome(a, a.status == AuthenticationStatus.AUTHENTICATED
                ? values.derive(a.valueKeyId, purchaseOf(a)) : null);
    }

    /** A pending challenge past its expiry becomes EXPIRED (N); true when it is expired now. */
    private static boolean settleIfExpired(CardholderAuthentication a, Instant now) {
        if (a.challengeState == ChallengeState.PENDING && !now.isBefore(a.challengeExpiresAt)) {
            a.challengeState = ChallengeState.EXPIRED;
            a.status = AuthenticationStatus.NOT_AUTHENTICATED;
            a.rejectReason = RejectReason.CHALLENGE_EXPIRED;
        }
        return a.challengeState == ChallengeState.EXPIRED;
    }

    /** Every risk factor's reason, in a fixed order, each factor weighed (none skipped), so the record is complete. */
    private List<RiskReason> riskReasons(AuthenticationRequest request, Card card, byte[] deviceHash, Instant now) {
        List<RiskReason> reasons = new ArrayList<>(4);
        reasons.add(authentications.isRecognisedDevice(card.memberId, deviceHash)
                ? RiskReason.DEVICE_SEEN_WITH_CHALLENGE : RiskReason.DEVICE_NOT_SEEN_WITH_CHALLENGE);
        reasons.add(request.domestic() ? RiskReason.DOMESTIC_MERCHANT : RiskReason.MERCHANT_ABROAD);
        reasons.add(request.amount() < config.frictionlessMaxAmount()
                ? RiskReason.AMOUNT_UNDER_THRESHOLD : RiskReason.AMOUNT_AT_OR_ABOVE_THRESHOLD);
        AuthorizationRequest asPurchase = new AuthorizationRequest(request.dsTransactionId(), request.cardNumber(),
                request.expiry(), null, request.amount(), request.merchantName(), request.merchantCategoryCode(),
                request.merchantCountry(), Channel.ONLINE, now);
        reasons.add(fraudRules.match(asPurchase,
                        () -> authentications.approvalsSince(card.id, now.minus(fraudRules.velocityWindow())),
                        card.challengeRefusedAt, now)
                .map(RiskReason::ofFraudRule).orElse(RiskReason.NO_FRAUD_RULE));
        return reasons;
    }

    private static boolean lowRisk(RiskReason reason) {
        return switch (reason) {
            case DEVICE_SEEN_WITH_CHALLENGE, DOMESTIC_MERCHANT, AMOUNT_UNDER_THRESHOLD, NO_FRAUD_RULE -> true;
            default -> false;
        };
    }

    private static String requireId(String id) {
        check(id != null && !id.isBlank() && id.length() <= 36, "id is required");
        return id;
    }

    /** Malformed requests are errors, not decisions; messages never repeat the card number or device details. */
    private static void validate(AuthenticationRequest r) {
        check(matches(TRANSACTION_ID, r.dsTransactionId()), "ds_transaction_id is required: 1 to 64 letters, digits or . _ : -");
        check(matches(TRANSACTION_ID, r.serverTransactionId()), "server_transaction_id is required: 1 to 64 letters, digits or . _ : -");
        check(matches(DIGITS, r.cardNumber()) && r.cardNumber().length() >= 12 && r.cardNumber().length() <= 19,
                "card_number must be 12 to 19 digits");
        check(r.expiry() != null, "expiry is required (year and month 1 to 12)");
        check(r.amount() > 0 && r.amount() <= MAX_AMOUNT, "amount must be a positive number of yen");
        check("JPY".equals(r.currency()), "currency must be JPY (amounts are whole yen)");
        check(r.merchantName() != null && !r.merchantName().isBlank() && r.merchantName().length() <= 128
                && !CardNumberText.containsCardNumber(r.merchantName()),
                "merchant_name is required: at most 128 characters, never a card number");
        check(matches(DIGITS, r.merchantCategoryCode()) && r.merchantCategoryCode().length() == 4,
                "merchant_category_code must be 4 digits");
        check(matches(UPPER_LETTERS, r.merchantCountry()) && r.merchantCountry().length() == 2,
                "merchant_country must be an ISO 3166-1 alpha-2 code");
        check(r.deviceChannel() != null, "device_channel is required (app or browser)");
        check(r.deviceId() != null && !r.deviceId().isBlank() && r.deviceId().length() <= 256,
                "device.device_id is required (at most 256 characters)");
        check(r.ipAddress() == null || r.ipAddress().length() <= 45, "device.ip_address is at most 45 characters");
        check(r.userAgent() == null || r.userAgent().length() <= 2048, "device.user_agent is at most 2048 characters");
        check(r.language() == null || r.language().length() <= 35, "device.language is at most 35 characters");
    }

    private static boolean matches(Pattern pattern, String text) {
        return text != null && pattern.matcher(text).matches();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(message);
        }
    }
}
