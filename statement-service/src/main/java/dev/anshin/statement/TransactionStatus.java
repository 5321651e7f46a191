package dev.anshin.statement;

/** What became of a usage item. Names match {@code anshin.statement.v1.TransactionStatus}. */
public enum TransactionStatus {
    /** Authorized, not yet cleared: listed, but in no statement total. */
    PENDING,
    /** Cleared. */
    POSTED,
    /** Reversed by the clearing system before it cleared: no longer listed; its reserved credit is due back. */
    REVERSED,
    /** Not cleared within the configured number of days: no longer listed; its reserved credit is due back. */
    EXPIRED;

    /** The states shown in the usage list (最近のカードご利用一覧). */
    public static final java.util.List<TransactionStatus> LISTED = java.util.List.of(PENDING, POSTED);
}
