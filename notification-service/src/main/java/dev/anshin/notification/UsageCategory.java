package dev.anshin.notification;

/** Kinds of purchase a member can ask to be told about. Names match {@code anshin.notification.v1.UsageCategory}. */
public enum UsageCategory {
    /** At a terminal in Japan. */
    DOMESTIC,
    /** Online (card not present). */
    ONLINE,
    /** Abroad. */
    OVERSEAS,
    /** Cash advances. */
    CASH
}
