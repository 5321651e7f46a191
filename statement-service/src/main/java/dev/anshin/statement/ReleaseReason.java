package dev.anshin.statement;

/** Why an authorization's reserved credit goes back to the member. */
public enum ReleaseReason {
    /** The clearing system reversed the authorization. */
    REVERSED,
    /** It was not cleared within {@code anshin.statement.authorization-expiry.days}. */
    EXPIRED;

    /** The item's state once released this way. */
    public TransactionStatus itemStatus() {
        return this == REVERSED ? TransactionStatus.REVERSED : TransactionStatus.EXPIRED;
    }
}
