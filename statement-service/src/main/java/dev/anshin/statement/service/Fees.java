package dev.anshin.statement.service;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money of instalments and revolving, in whole yen. Every fee is rounded down to the yen (端数切り捨て: a fraction of a
 * yen is never charged), and an instalment purchase's principal is split evenly with the yen left over on the first
 * instalment, so its instalments always add up to the purchase.
 */
public final class Fees {

    private static final BigDecimal MONTHS_TIMES_PERCENT = BigDecimal.valueOf(1200);

    private Fees() {
    }

    /** A month's fee on a balance at an annual rate in percent: balance × rate / 12 / 100, rounded down. */
    public static long monthlyFee(long balance, BigDecimal annualRatePercent) {
        return BigDecimal.valueOf(balance).multiply(annualRatePercent)
                .divide(MONTHS_TIMES_PERCENT, 0, RoundingMode.DOWN).longValueExact();
    }

    /** The principal of instalment {@code number} (1-based) of {@code count}: the even share, plus the rest on the first. */
    public static long installmentPrincipal(long amount, int count, int number) {
        long share = amount / count;
        return number == 1 ? share + amount % count : share;
    }

    /** The principal not billed yet before instalment {@code number}: the fee of that instalment is charged on it. */
    public static long principalOutstandingBefore(long amount, int count, int number) {
        long billed = 0;
        for (int k = 1; k < number; k++) {
            billed += installmentPrincipal(amount, count, k);
        }
        return amount - billed;
    }
}
