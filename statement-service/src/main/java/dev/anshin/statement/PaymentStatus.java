package dev.anshin.statement;

/** Where a statement's payment stands. Names match {@code anshin.statement.v1.PaymentStatus}. */
public enum PaymentStatus {
    /** Not debited yet. */
    DUE,
    /** Debited: its principal went back to the member's available credit. */
    PAID,
    /** The debit failed and it is not paid yet: card-control declines the member's authorizations. */
    OVERDUE
}
