package dev.anshin.statement.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The dates of the monthly cycle, in Japan time: a cycle closes on the 10th (a purchase used on the 10th is in it, on
 * the 11th in the next), and its statement is debited on the 4th of the next month, or the next business day when
 * that is a Saturday, Sunday or public holiday ({@link JapaneseHolidays}); never earlier.
 */
public final class BillingCalendar {

    /** The day of the month a cycle closes on. */
    public static final int CLOSING_DAY = 10;
    /** The day of the next month the statement is debited on, unless that is no business day. */
    public static final int PAYMENT_DAY = 4;

    private BillingCalendar() {
    }

    /** The closing date of the cycle a purchase used at that instant belongs to (by its date in Asia/Tokyo). */
    public static LocalDate closingDateOf(Instant usedAt) {
        LocalDate used = usedAt.atZone(UsageService.TOKYO).toLocalDate();
        LocalDate closing = used.withDayOfMonth(CLOSING_DAY);
        return used.getDayOfMonth() <= CLOSING_DAY ? closing : closing.plusMonths(1);
    }

    /** Whether the date is a closing date (a 10th). */
    public static boolean isClosingDate(LocalDate date) {
        return date.getDayOfMonth() == CLOSING_DAY;
    }

    /** The first instant after the cycle closing on that date: 00:00 of the 11th, Japan time. */
    public static Instant endOf(LocalDate closingDate) {
        return closingDate.plusDays(1).atStartOfDay(UsageService.TOKYO).toInstant();
    }

    /** The debit date of the statement of the cycle closing on that date. */
    public static LocalDate paymentDateOf(LocalDate closingDate) {
        return businessDayOnOrAfter(closingDate.plusMonths(1).withDayOfMonth(PAYMENT_DAY));
    }

    /** Neither a Saturday, a Sunday nor a public holiday. */
    public static boolean isBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !JapaneseHolidays.isHoliday(day);
    }

    /** The day itself when it is a business day, else the next one. */
    public static LocalDate businessDayOnOrAfter(LocalDate day) {
        LocalDate candidate = day;
        while (!isBusinessDay(candidate)) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }
}
