package dev.anshin.notification.service;

import java.sql.SQLException;

/** Recognises the database refusing a second row for a unique key (two deliveries of one event racing each other). */
final class DuplicateKeys {

    private DuplicateKeys() {
    }

    /** MySQL/MariaDB error 1062, or SQL state 23505 (H2). */
    static boolean isDuplicate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == 1062 || "23505".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
