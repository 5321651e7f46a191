package dev.anshin.statement;

/** The bank debit's result billing reports for a statement. */
public enum PaymentResult {
    PAID,
    FAILED
}
