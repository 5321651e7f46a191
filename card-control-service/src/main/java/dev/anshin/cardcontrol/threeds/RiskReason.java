package dev.anshin.cardcontrol.threeds;

/**
 * The reasons an authentication decision records, one per risk factor (see the README's 3-D Secure rules). A purchase
 * goes frictionless only with all four low-risk reasons; any other reason asks for a challenge.
 */
public enum RiskReason {
    /** The member approved a challenge from this device before. */
    DEVICE_SEEN_WITH_CHALLENGE,
    /** No approved challenge from this device yet. */
    DEVICE_NOT_SEEN_WITH_CHALLENGE,
    /** The merchant is in Japan. */
    DOMESTIC_MERCHANT,
    /** The merchant is abroad. */
    MERCHANT_ABROAD,
    /** The amount is under {@code anshin.three-ds.frictionless-max-amount}. */
    AMOUNT_UNDER_THRESHOLD,
    /** The amount is at or above it. */
    AMOUNT_AT_OR_ABOVE_THRESHOLD,
    /** No authorization fraud rule matches the purchase. */
    NO_FRAUD_RULE,
    /** The authorization fraud rule "amount" matches. */
    FRAUD_RULE_AMOUNT,
    /** The authorization fraud rule "online-overseas-amount" matches. */
    FRAUD_RULE_ONLINE_OVERSEAS_AMOUNT,
    /** The authorization fraud rule "velocity" matches. */
    FRAUD_RULE_VELOCITY,
    /** The authorization fraud rule "refused-challenge" matches: a challenge on the card was denied or failed lately. */
    FRAUD_RULE_REFUSED_CHALLENGE;

    /** The reason for a fraud rule's name as {@link dev.anshin.cardcontrol.service.FraudRules} gives it. */
    public static RiskReason ofFraudRule(String rule) {
        return switch (rule) {
            case "amount" -> FRAUD_RULE_AMOUNT;
            case "online-overseas-amount" -> FRAUD_RULE_ONLINE_OVERSEAS_AMOUNT;
            case "velocity" -> FRAUD_RULE_VELOCITY;
            case "refused-challenge" -> FRAUD_RULE_REFUSED_CHALLENGE;
            default -> throw new IllegalArgumentException("unknown fraud rule " + rule);
        };
    }
}
