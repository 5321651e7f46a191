package dev.anshin.cardcontrol.service;

import java.time.Instant;
import java.time.YearMonth;

import dev.anshin.cardcontrol.Channel;

/**
 * What the card network asks about. Holds the card number, security code and 3-D Secure authentication value:
 * {@link #toString()} never shows them,
 * so logging one by accident leaks nothing.
 */
public record AuthorizationRequest(
        String authorizationId,
        String cardNumber,
        YearMonth expiry,
        String securityCode,
        long amount,
        String merchantName,
        String merchantCategoryCode,
        String merchantCountry,
        Channel channel,
        Instant requestedAt,
        String authenticationValue,
        String authenticationTransactionId) {

    /** A request without 3-D Secure authentication. */
    public AuthorizationRequest(String authorizationId, String cardNumber, YearMonth expiry, String securityCode,
            long amount, String merchantName, String merchantCategoryCode, String merchantCountry, Channel channel,
            Instant requestedAt) {
        this(authorizationId, cardNumber, expiry, securityCode, amount, merchantName, merchantCategoryCode,
                merchantCountry, channel, requestedAt, null, null);
    }

    /** The details that make two requests "the same" (the network's retry of one purchase). */
    String canonical() {
        return String.join("|", authorizationId, cardNumber, expiry.toString(), securityCode == null ? "" : securityCode,
                Long.toString(amount), merchantName, merchantCategoryCode, merchantCountry, channel.name())
                + (authenticationValue == null ? "" : "|3ds|" + authenticationTransactionId + "|" + authenticationValue);
    }

    boolean overseas() {
        return !"JP".equals(merchantCountry);
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[" + authorizationId + ", " + amount + " yen at " + merchantName + "]";
    }
}
