package dev.anshin.cardcontrol.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The fraud rules of authorization decisions. A purchase matching any rule is declined as suspected fraud and the
 * member is asked by SMS whether it was them (ご利用確認SMS).
 */
@ConfigMapping(prefix = "anshin.authorization.fraud")
public interface AuthorizationConfig {

    /** Velocity rule: at most this many approvals on one card within {@link #velocityWindow()}; the next one matches. */
    @WithDefault("5")
    int velocityMaxApprovals();

    /** Velocity rule: the rolling window. */
    @WithDefault("PT10M")
    Duration velocityWindow();

    /** Amount rule: a single purchase of at least this many yen matches, whatever the channel. */
    @WithDefault("300000")
    long amountThreshold();

    /** Amount rule, stricter: an online purchase at a merchant abroad of at least this many yen matches. */
    @WithDefault("100000")
    long onlineOverseasAmountThreshold();

    /**
     * Refused-challenge rule: for this long after a 3-D Secure challenge on the card was denied by the member or failed
     * by wrong codes, every purchase on the card matches (like a declined usage confirmation, it says someone else may
     * hold the card's details). {@code PT0S} turns the rule off.
     */
    @WithDefault("PT24H")
    Duration refusedChallengeWindow();

    /**
     * A purchase held as suspected fraud that the member then said was theirs (ご利用確認, VERIFIED) may be retried at
     * the same merchant for the same amount on the same card within this long after the answer, once, without the
     * fraud rules holding it again.
     */
    @WithDefault("PT30M")
    Duration verifiedRetryWindow();
}
