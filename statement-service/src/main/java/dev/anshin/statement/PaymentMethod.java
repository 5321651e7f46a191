package dev.anshin.statement;

/** How a purchase is paid. Names match {@code anshin.statement.v1.PaymentMethod}. */
public enum PaymentMethod {
    /** 1回払い: the default when none is given. */
    LUMP_SUM,
    /** 分割: one line per statement per instalment. */
    INSTALLMENTS,
    /** リボ: principal and fee shown apart. */
    REVOLVING
}
