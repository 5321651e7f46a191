package dev.anshin.cardcontrol.threeds.service;

import java.time.YearMonth;

import dev.anshin.cardcontrol.threeds.ChallengeMethod;
import dev.anshin.cardcontrol.threeds.DeviceChannel;

/**
 * What the directory server asks about (EMV 3DS AReq, the fields that matter to the issuer). Holds the card number and
 * the device's details: {@link #toString()} shows neither, so logging one by accident leaks nothing.
 */
public record AuthenticationRequest(
        String dsTransactionId,
        String serverTransactionId,
        String cardNumber,
        YearMonth expiry,
        long amount,
        String currency,
        String merchantName,
        String merchantCategoryCode,
        String merchantCountry,
        DeviceChannel deviceChannel,
        String deviceId,
        String ipAddress,
        String userAgent,
        String language,
        ChallengeMethod challengeMethod) {

    boolean domestic() {
        return "JP".equals(merchantCountry);
    }

    @Override
    public String toString() {
        return "AuthenticationRequest[" + dsTransactionId + ", " + amount + " yen at " + merchantName + "]";
    }
}
