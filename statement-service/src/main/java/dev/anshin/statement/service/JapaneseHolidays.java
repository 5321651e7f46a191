package dev.anshin.statement.service;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Japan's public holidays, computed from the rules of the Public Holidays Act (国民の祝日に関する法律) as it stands
 * since 2020: fixed days, Happy Monday days, the vernal and autumnal equinoxes by the usual approximation, substitute
 * holidays (振替休日, art. 3(2)) and a day between two holidays (国民の休日, art. 3(3)). No hand-typed list: a year the
 * rules cover is computed once and kept.
 * <p>
 * Covered years: 2022 to 2099. Before 2022 the Act moved days for the Tokyo Olympics (2020, 2021), and the equinox
 * formula holds up to 2099; a year outside is refused rather than answered wrongly. The equinoxes are fixed each
 * February by the National Astronomical Observatory's announcement; the formula has matched every announcement of the
 * covered years published so far.
 */
public final class JapaneseHolidays {

    public static final int FIRST_YEAR = 2022;
    public static final int LAST_YEAR = 2099;

    /** 国民の祝日 on a fixed day. */
    private static final Map<MonthDay, String> FIXED = Map.of(
            MonthDay.of(1, 1), "元日",
            MonthDay.of(2, 11), "建国記念の日",
            MonthDay.of(2, 23), "天皇誕生日",
            MonthDay.of(4, 29), "昭和の日",
            MonthDay.of(5, 3), "憲法記念日",
            MonthDay.of(5, 4), "みどりの日",
            MonthDay.of(5, 5), "こどもの日",
            MonthDay.of(8, 11), "山の日",
            MonthDay.of(11, 3), "文化の日",
            MonthDay.of(11, 23), "勤労感謝の日");

    private static final Map<Integer, NavigableSet<LocalDate>> YEARS = new ConcurrentHashMap<>();

    private JapaneseHolidays() {
    }

    /** Whether the day is a public holiday (a 国民の祝日, a 振替休日 or a 国民の休日). */
    public static boolean isHoliday(LocalDate day) {
        return holidaysOf(day.getYear()).contains(day);
    }

    /** Every public holiday of the year, in order. */
    public static NavigableSet<LocalDate> holidaysOf(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException(
                    "Japanese holidays are computed for " + FIRST_YEAR + " to " + LAST_YEAR + ", not " + year);
        }
        return YEARS.computeIfAbsent(year, JapaneseHolidays::compute);
    }

    private static NavigableSet<LocalDate> compute(int year) {
        // Art. 2: the 国民の祝日.
        NavigableSet<LocalDate> national = new TreeSet<>();
        FIXED.keySet().forEach(day -> national.add(day.atYear(year)));
        national.add(nthMonday(year, Month.JANUARY, 2)); // 成人の日
        national.add(nthMonday(year, Month.JULY, 3)); // 海の日
        national.add(nthMonday(year, Month.SEPTEMBER, 3)); // 敬老の日
        national.add(nthMonday(year, Month.OCTOBER, 2)); // スポーツの日
        national.add(LocalDate.of(year, Month.MARCH, vernalEquinoxDay(year))); // 春分の日
        national.add(LocalDate.of(year, Month.SEPTEMBER, autumnalEquinoxDay(year))); // 秋分の日

        NavigableSet<LocalDate> holidays = new TreeSet<>(national);
        // Art. 3(2): a 国民の祝日 on a Sunday makes the nearest following day that is no 国民の祝日 a holiday.
        for (LocalDate day : national) {
            if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                LocalDate substitute = day.plusDays(1);
                while (national.contains(substitute)) {
                    substitute = substitute.plusDays(1);
                }
                holidays.add(substitute);
            }
        }
        // Art. 3(3): a day whose day before and day after are both 国民の祝日, itself none, is a holiday.
        for (LocalDate day : national) {
            LocalDate between = day.plusDays(1);
            if (!national.contains(between) && national.contains(between.plusDays(1))) {
                holidays.add(between);
            }
        }
        // A substitute or a day between may fall in the next year only from 31 December, which no rule reaches.
        holidays.removeIf(day -> day.getYear() != year);
        return Collections.unmodifiableNavigableSet(holidays);
    }

    private static LocalDate nthMonday(int year, Month month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }

    /** 春分日, 1980–2099: floor(20.8431 + 0.242194 (y − 1980) − floor((y − 1980) / 4)). */
    static int vernalEquinoxDay(int year) {
        return equinoxDay(year, 20.8431);
    }

    /** 秋分日, 1980–2099: floor(23.2488 + 0.242194 (y − 1980) − floor((y − 1980) / 4)). */
    static int autumnalEquinoxDay(int year) {
        return equinoxDay(year, 23.2488);
    }

    private static int equinoxDay(int year, double base) {
        int years = year - 1980;
        return (int) Math.floor(base + 0.242194 * years - Math.floorDiv(years, 4));
    }
}
