package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import dev.anshin.kit.cards.CardNumberText;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.PaymentMethod;

/**
 * What a usage item must look like before anything is stored: the checks every way in shares. A refusal names the
 * field and what it must be, never the value sent (it could be anything, a card number included).
 */
final class UsageRules {

    /** Authorization and clearing record ids: visible ASCII, as the columns hold them. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\x21-\\x7E]{1,64}");
    /** card-control's card ids (UUIDs). */
    private static final Pattern CARD_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");
    /** Brand names as card-control reports them ("VISA", "MASTERCARD"...). */
    private static final Pattern BRAND = Pattern.compile("[A-Z][A-Z0-9_]{0,15}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");
    private static final int MEMBER_ID_MAX = 64;
    private static final int MERCHANT_NAME_MAX = 200;
    /** Instalments a purchase may be split into (分割). */
    static final int MIN_INSTALLMENTS = 2;
    static final int MAX_INSTALLMENTS = 24;
    /** The earliest use time accepted: nothing of this issuer is older. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** How far ahead of this service's clock a time may be (the senders' clocks are not exactly ours). */
    static final Duration CLOCK_TOLERANCE = Duration.ofDays(1);

    private UsageRules() {
    }

    /**
     * The time this service stamps on what it writes (posted, released, created), to the microsecond the columns hold,
     * so that what a call answers is what a later read gives.
     */
    static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static Approval check(Approval approval, Instant now) {
        String authorizationId = externalId(approval.authorizationId(), "authorization_id");
        return new Approval(authorizationId, memberId(approval.memberId()), card(approval.card()),
                merchantName(approval.merchantName()), amount(approval.amount()),
                time(approval.authorizedAt(), "authorized_at", now));
    }

    static ClearingRecord check(ClearingRecord record, Instant now) {
        String transactionId = externalId(record.transactionId(), "transaction_id");
        String authorizationId = record.authorizationId() == null || record.authorizationId().isEmpty() ? null
                : externalId(record.authorizationId(), "authorization_id");
        if (record.paymentMethod() == null) {
            throw new InvalidRequestException("payment_method is not one this service knows");
        }
        int installments = record.installmentCount();
        if (record.paymentMethod() == PaymentMethod.INSTALLMENTS) {
            if (installments < MIN_INSTALLMENTS || installments > MAX_INSTALLMENTS) {
                throw new InvalidRequestException("installment_count must be from " + MIN_INSTALLMENTS + " to "
                        + MAX_INSTALLMENTS + " for INSTALLMENTS");
            }
        } else if (installments != 0) {
            throw new InvalidRequestException("installment_count is for INSTALLMENTS only");
        }
        return new ClearingRecord(transactionId, authorizationId, memberId(record.memberId()), card(record.card()),
                merchantName(record.merchantName()), amount(record.amount()), record.paymentMethod(), installments,
                time(record.usedAt(), "used_at", now));
    }

    static String externalId(String id, String field) {
        if (id == null || !EXTERNAL_ID.matcher(id).matches()) {
            throw new InvalidRequestException(field + " is required: 1 to 64 visible ASCII characters");
        }
        return id;
    }

    /** A time from outside, to store: at most a day ahead of ours, not before 2000, kept to the microsecond. */
    static Instant time(Instant time, String field, Instant now) {
        if (time == null) {
            throw new InvalidRequestException(field + " is required");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(now.plus(CLOCK_TOLERANCE))) {
            throw new InvalidRequestException(field + " must be after 2000-01-01 and not in the future");
        }
        // The column holds microseconds: what is stored is exactly what is read back (and paged by).
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    private static String memberId(String memberId) {
        if (memberId == null || memberId.isBlank() || memberId.length() > MEMBER_ID_MAX) {
            throw new InvalidRequestException("member_id is required (at most " + MEMBER_ID_MAX + " characters)");
        }
        return memberId;
    }

    private static UsedCard card(UsedCard card) {
        if (card == null || card.cardId() == null || !CARD_ID.matcher(card.cardId()).matches()) {
            throw new InvalidRequestException("card.card_id is required (at most 36 letters, digits or hyphens)");
        }
        if (card.brand() == null || !BRAND.matcher(card.brand()).matches()) {
            throw new InvalidRequestException("card.brand is required: upper-case letters, digits or _ (e.g. VISA)");
        }
        if (card.last4() == null || !LAST4.matcher(card.last4()).matches()) {
            throw new InvalidRequestException("card.last4 must be 4 digits");
        }
        return card;
    }

    private static String merchantName(String name) {
        if (name == null || name.isBlank() || name.length() > MERCHANT_NAME_MAX) {
            throw new InvalidRequestException("merchant_name is required (at most " + MERCHANT_NAME_MAX + " characters)");
        }
        if (CardNumberText.containsCardNumber(name)) {
            throw new InvalidRequestException("merchant_name must not contain a card number");
        }
        return name.strip();
    }

    private static long amount(long amount) {
        if (amount <= 0) {
            throw new InvalidRequestException("amount must be a positive number of whole yen");
        }
        return amount;
    }
}
