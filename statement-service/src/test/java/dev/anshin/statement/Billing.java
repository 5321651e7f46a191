package dev.anshin.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.statement.v1.CloseCycleRequest;
import dev.anshin.api.statement.v1.CloseCycleResponse;
import dev.anshin.api.statement.v1.GetStatementRequest;
import dev.anshin.api.statement.v1.ListStatementsRequest;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.statement.repository.BillingCycleRepository;
import dev.anshin.statement.service.BillingCalendar;
import dev.anshin.statement.service.UsageService;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Cycles for tests. A cycle closes once for every member, and the test database outlives a run while iterating, so
 * each test closes cycles of its own: consecutive cycles picked at random among 2031–2098 that no run has closed
 * yet, with the service's clock ({@link ShiftableClock}) set after them. Items are made for members of the test
 * alone, so what another test billed in the same cycle never shows.
 */
final class Billing {

    private Billing() {
    }

    /** The first of {@code count} consecutive closing dates, none closed yet. */
    static LocalDate freshCycles(int count) {
        BillingCycleRepository cycles = Arc.container().instance(BillingCycleRepository.class).get();
        while (true) {
            LocalDate first = LocalDate.of(ThreadLocalRandom.current().nextInt(2031, 2098),
                    ThreadLocalRandom.current().nextInt(1, 13), BillingCalendar.CLOSING_DAY);
            boolean unused = QuarkusTransaction.requiringNew().call(() -> IntStream.range(0, count)
                    .noneMatch(i -> cycles.findByIdOptional(first.plusMonths(i)).isPresent()));
            if (unused) {
                return first;
            }
        }
    }

    /** The instant of a JST date and time. */
    static Instant jst(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(UsageService.TOKYO).toInstant();
    }

    /** 00:30 on the 11th, Japan time: when the cycle closing on the 10th before may be closed. */
    static Instant afterEndOf(LocalDate closingDate) {
        return BillingCalendar.endOf(closingDate).plusSeconds(30 * 60);
    }

    static CalendarDate date(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue())
                .setDay(date.getDayOfMonth()).build();
    }

    static LocalDate date(CalendarDate date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    static CloseCycleResponse close(Usage usage, LocalDate closingDate) {
        return usage.billing().closeCycle(CloseCycleRequest.newBuilder().setClosingDate(date(closingDate)).build());
    }

    /** The member's statement of that cycle, with its lines; null when the member has none. */
    static Statement statementOf(Usage usage, String member, LocalDate closingDate) {
        for (Statement statement : usage.member(member).listStatements(ListStatementsRequest.getDefaultInstance())
                .getStatementsList()) {
            if (date(statement.getClosingDate()).equals(closingDate)) {
                return usage.member(member).getStatement(GetStatementRequest.newBuilder()
                        .setStatementId(statement.getId()).build()).getStatement();
            }
        }
        return null;
    }
}
