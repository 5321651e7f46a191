package dev.anshin.cardcontrol.service;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.config.AuthorizationConfig;
import dev.anshin.cardcontrol.repository.DecisionLedger;
import dev.anshin.cardcontrol.repository.DecisionLedger.CardOnFile;

/**
 * The fraud rules an authorization must pass (configured in {@link AuthorizationConfig}; documented in the README):
 * <ul>
 * <li>velocity: more approvals on one card within the window than allowed;</li>
 * <li>amount: a single purchase at or above the threshold, or an online purchase abroad at or above a lower one.</li>
 * </ul>
 * They read only the card's own usage, never marketing consent (consent clause Art. 5).
 */
@ApplicationScoped
public class FraudRules {

    private final AuthorizationConfig config;

    public FraudRules(AuthorizationConfig config) {
        this.config = config;
    }

    /** The name of the first rule the purchase matches, if any. */
    public Optional<String> match(DecisionLedger.Tx tx, CardOnFile card, AuthorizationRequest request, Instant now) {
        if (request.amount() >= config.amountThreshold()) {
            return Optional.of("amount");
        }
        if (request.channel() == Channel.ONLINE && request.overseas()
                && request.amount() >= config.onlineOverseasAmountThreshold()) {
            return Optional.of("online-overseas-amount");
        }
        if (tx.countApprovalsSince(card.id(), now.minus(config.velocityWindow())) >= config.velocityMaxApprovals()) {
            return Optional.of("velocity");
        }
        return Optional.empty();
    }
}
