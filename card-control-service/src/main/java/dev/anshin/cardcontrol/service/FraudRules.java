package dev.anshin.cardcontrol.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.config.AuthorizationConfig;

/**
 * The fraud rules an authorization must pass (configured in {@link AuthorizationConfig}; documented in the README):
 * <ul>
 * <li>velocity: more approvals on one card within the window than allowed;</li>
 * <li>amount: a single purchase at or above the threshold, or an online purchase abroad at or above a lower one;</li>
 * <li>refused challenge: a 3-D Secure challenge on the card was denied or failed within the window.</li>
 * </ul>
 * They read only the card's own usage, never marketing consent (consent clause Art. 5).
 */
@ApplicationScoped
public class FraudRules {

    private final AuthorizationConfig config;

    public FraudRules(AuthorizationConfig config) {
        this.config = config;
    }

    /** How far back the velocity rule counts approvals. */
    public Duration velocityWindow() {
        return config.velocityWindow();
    }

    /**
     * The name of the first rule the purchase matches, if any. {@code approvalsInWindow}: the card's approvals within
     * {@link #velocityWindow()} before this one (asked only when the amount rules pass).
     */
    public Optional<String> match(AuthorizationRequest request, LongSupplier approvalsInWindow) {
        return match(request, approvalsInWindow, null, null);
    }

    /**
     * As {@link #match(AuthorizationRequest, LongSupplier)}, with when a 3-D Secure challenge on the card was last
     * denied or failed ({@code null}: never): within {@code refused-challenge-window} before {@code now} (when the
     * purchase is decided), it matches.
     */
    public Optional<String> match(AuthorizationRequest request, LongSupplier approvalsInWindow, Instant challengeRefusedAt,
            Instant now) {
        if (challengeRefusedAt != null && now != null && !config.refusedChallengeWindow().isZero() && !config.refusedChallengeWindow().isNegative()
                && now.isBefore(challengeRefusedAt.plus(config.refusedChallengeWindow()))) {
            return Optional.of("refused-challenge");
        }
        if (request.amount() >= config.amountThreshold()) {
            return Optional.of("amount");
        }
        if (request.channel() == Channel.ONLINE && request.overseas()
                && request.amount() >= config.onlineOverseasAmountThreshold()) {
            return Optional.of("online-overseas-amount");
        }
        if (approvalsInWindow.getAsLong() >= config.velocityMaxApprovals()) {
            return Optional.of("velocity");
        }
        return Optional.empty();
    }
}
