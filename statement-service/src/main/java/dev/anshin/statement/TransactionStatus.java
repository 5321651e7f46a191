package dev.anshin.statement;

/** Whether a usage item has cleared. Names match {@code anshin.statement.v1.TransactionStatus}. */
public enum TransactionStatus {
    /** Authorized, not yet cleared: listed, but in no statement total. */
    PENDING,
    /** Cleared. */
    POSTED
}
