package dev.anshin.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.anshin.statement.service.BillingCalendar;
import dev.anshin.statement.service.JapaneseHolidays;

/**
 * Japanese public holidays and the payment date. The expected holidays are the Cabinet Office's published list
 * (内閣府「国民の祝日について」) for 2024–2027 and the Act's days for 2028–2030, written out here by hand, so the rules
 * in main code are checked against something they did not produce.
 */
class BusinessDaysTest {

    private static final List<String> OFFICIAL_2024_TO_2030 = List.of(
            // 2024
            "2024-01-01", "2024-01-08", "2024-02-11", "2024-02-12", "2024-02-23", "2024-03-20", "2024-04-29",
            "2024-05-03", "2024-05-04", "2024-05-05", "2024-05-06", "2024-07-15", "2024-08-11", "2024-08-12",
            "2024-09-16", "2024-09-22", "2024-09-23", "2024-10-14", "2024-11-03", "2024-11-04", "2024-11-23",
            // 2025
            "2025-01-01", "2025-01-13", "2025-02-11", "2025-02-23", "2025-02-24", "2025-03-20", "2025-04-29",
            "2025-05-03", "2025-05-04", "2025-05-05", "2025-05-06", "2025-07-21", "2025-08-11", "2025-09-15",
            "2025-09-23", "2025-10-13", "2025-11-03", "2025-11-23", "2025-11-24",
            // 2026
            "2026-01-01", "2026-01-12", "2026-02-11", "2026-02-23", "2026-03-20", "2026-04-29", "2026-05-03",
            "2026-05-04", "2026-05-05", "2026-05-06", "2026-07-20", "2026-08-11", "2026-09-21", "2026-09-22",
            "2026-09-23", "2026-10-12", "2026-11-03", "2026-11-23",
            // 2027
            "2027-01-01", "2027-01-11", "2027-02-11", "2027-02-23", "2027-03-21", "2027-03-22", "2027-04-29",
            "2027-05-03", "2027-05-04", "2027-05-05", "2027-07-19", "2027-08-11", "2027-09-20", "2027-09-23",
            "2027-10-11", "2027-11-03", "2027-11-23",
            // 2028
            "2028-01-01", "2028-01-10", "2028-02-11", "2028-02-23", "2028-03-20", "2028-04-29", "2028-05-03",
            "2028-05-04", "2028-05-05", "2028-07-17", "2028-08-11", "2028-09-18", "2028-09-22", "2028-10-09",
            "2028-11-03", "2028-11-23",
            // 2029
            "2029-01-01", "2029-01-08", "2029-02-11", "2029-02-12", "2029-02-23", "2029-03-20", "2029-04-29",
            "2029-04-30", "2029-05-03", "2029-05-04", "2029-05-05", "2029-07-16", "2029-08-11", "2029-09-17",
            "2029-09-23", "2029-09-24", "2029-10-08", "2029-11-03", "2029-11-23",
            // 2030
            "2030-01-01", "2030-01-14", "2030-02-11", "2030-02-23", "2030-03-20", "2030-04-29", "2030-05-03",
            "2030-05-04", "2030-05-05", "2030-05-06", "2030-07-15", "2030-08-11", "2030-08-12", "2030-09-16",
            "2030-09-23", "2030-10-14", "2030-11-03", "2030-11-04", "2030-11-23");

    @Test
    void holidaysComputedFromTheActAreEveryOfficialHolidayOf2024To2030AndNoOther() {
        NavigableSet<LocalDate> expected = new TreeSet<>(OFFICIAL_2024_TO_2030.stream().map(LocalDate::parse).toList());
        NavigableSet<LocalDate> computed = new TreeSet<>();
        for (int year = 2024; year <= 2030; year++) {
            computed.addAll(JapaneseHolidays.holidaysOf(year));
        }
        assertThat(computed).containsExactlyElementsOf(expected);
        // and day by day: every other day of those years is no holiday
        for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() <= 2030; day = day.plusDays(1)) {
            assertThat(JapaneseHolidays.isHoliday(day)).as(day.toString()).isEqualTo(expected.contains(day));
        }
    }

    @Test
    void aHolidayOnASundayMakesTheNextDayThatIsNoHolidayASubstituteHoliday() {
        // こどもの日 2025 is a Monday; みどりの日 (Sunday 4 May) moves past it to Tuesday 6 May.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2025, 5, 6))).isTrue();
        // 憲法記念日 2026 on a Sunday: 4 and 5 May are holidays already, so 6 May.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2026, 5, 6))).isTrue();
        // 振替休日 2024-05-06 (こどもの日 on a Sunday).
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2024, 5, 6))).isTrue();
        // 建国記念の日 2024 on a Sunday.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2024, 2, 12))).isTrue();
        // A holiday on a Saturday gives no substitute: 2028-04-29.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2028, 5, 1))).isFalse();
    }

    @Test
    void aDayBetweenTwoHolidaysIsAHoliday() {
        // 敬老の日 2026-09-21 and 秋分の日 2026-09-23: 国民の休日 on the 22nd.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2026, 9, 22))).isTrue();
        // 2025: 敬老の日 on the 15th, 秋分の日 on the 23rd: no day between.
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2025, 9, 22))).isFalse();
    }

    @Test
    void theEquinoxesFollowTheFormula() {
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2027, 3, 21))).isTrue();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2027, 3, 20))).isFalse();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2028, 9, 22))).isTrue();
        assertThat(JapaneseHolidays.isHoliday(LocalDate.of(2028, 9, 23))).isFalse();
    }

    @Test
    void yearsTheRulesDoNotCoverAreRefused() {
        assertThatThrownBy(() -> JapaneseHolidays.holidaysOf(2021)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JapaneseHolidays.holidaysOf(2100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paymentIsOnTheFourthOfTheNextMonthMovedForwardToTheNextBusinessDay() {
        // Sunday 4 May, then 5 and 6 May holidays.
        assertThat(BillingCalendar.paymentDateOf(LocalDate.of(2025, 4, 10))).isEqualTo(LocalDate.of(2025, 5, 7));
        // Monday 4 May (みどりの日), 5 May, 6 May (振替休日).
        assertThat(BillingCalendar.paymentDateOf(LocalDate.of(2026, 4, 10))).isEqualTo(LocalDate.of(2026, 5, 7));
        // A weekday: the 4th itself (Wednesday 2025-06-04).
        assertThat(BillingCalendar.paymentDateOf(LocalDate.of(2025, 5, 10))).isEqualTo(LocalDate.of(2025, 6, 4));
        // A Saturday (2025-10-04): Monday the 6th.
        assertThat(BillingCalendar.paymentDateOf(LocalDate.of(2025, 9, 10))).isEqualTo(LocalDate.of(2025, 10, 6));
        // Across the year: closing 2025-12-10, Sunday 2026-01-04 → Monday the 5th.
        assertThat(BillingCalendar.paymentDateOf(LocalDate.of(2025, 12, 10))).isEqualTo(LocalDate.of(2026, 1, 5));
        // Never earlier than the 4th, whatever the month.
        for (LocalDate closing = LocalDate.of(2024, 1, 10); closing.getYear() <= 2030; closing = closing.plusMonths(1)) {
            LocalDate payment = BillingCalendar.paymentDateOf(closing);
            assertThat(payment).isAfterOrEqualTo(closing.plusMonths(1).withDayOfMonth(4));
            assertThat(BillingCalendar.isBusinessDay(payment)).isTrue();
            for (LocalDate day = closing.plusMonths(1).withDayOfMonth(4); day.isBefore(payment); day = day.plusDays(1)) {
                assertThat(BillingCalendar.isBusinessDay(day)).as(day.toString()).isFalse();
            }
        }
    }

    @Test
    void aPurchaseOnTheTenthIsInThatCycleAndOnTheEleventhInTheNextInJapanTime() {
        // 2025-03-10 23:59:59 JST = 14:59:59 UTC
        assertThat(BillingCalendar.closingDateOf(Instant.parse("2025-03-10T14:59:59Z"))).isEqualTo(LocalDate.of(2025, 3, 10));
        // 2025-03-11 00:00 JST = 2025-03-10 15:00 UTC: the next cycle though it is still the 10th in UTC.
        assertThat(BillingCalendar.closingDateOf(Instant.parse("2025-03-10T15:00:00Z"))).isEqualTo(LocalDate.of(2025, 4, 10));
        // 2025-12-20 JST: January's cycle of the next year.
        assertThat(BillingCalendar.closingDateOf(Instant.parse("2025-12-20T03:00:00Z"))).isEqualTo(LocalDate.of(2026, 1, 10));
        assertThat(BillingCalendar.closingDateOf(Instant.parse("2025-03-01T00:00:00Z"))).isEqualTo(LocalDate.of(2025, 3, 10));
    }
}
