package dev.anshin.statement.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.BillingCycle;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.RevolvingBalance;
import dev.anshin.statement.Statement;
import dev.anshin.statement.StatementLine;
import dev.anshin.statement.config.StatementConfig;
import dev.anshin.statement.repository.BillingCycleRepository;
import dev.anshin.statement.repository.CardTransactionRepository;
import dev.anshin.statement.repository.RevolvingBalanceRepository;
import dev.anshin.statement.repository.StatementLineRepository;
import dev.anshin.statement.repository.StatementRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Closing a cycle: one statement per member with something to bill, in one transaction, after which the cycle and
 * its statements never change. What a close of the cycle ending on the 10th bills:
 * <ul>
 * <li>each posted item used up to the end of that day (Japan time) that no statement billed yet: an item of an
 * earlier cycle posted after that cycle closed comes into this one; a pending item never;</li>
 * <li>lump sum: its amount; instalments: the next instalment (principal and fee apart); revolving: the purchase is
 * added to the member's revolving balance;</li>
 * <li>the revolving payment: the fixed monthly payment (or the whole balance when smaller) as principal, and a month's
 * fee on the balance carried from the last statement.</li>
 * </ul>
 * {@code CloseCycle} (role billing) and the scheduled job run {@link #close(LocalDate)}; the cycle's row is written
 * first, so a second close, at once or later, finds it and changes nothing. Each new statement is announced
 * ("statement ready") through the outbox in the same transaction.
 */
@ApplicationScoped
public class CycleClosing {

    private static final Logger LOG = Logger.getLogger(CycleClosing.class);
    static final String REVOLVING_LINE = "リボルビング払い お支払い";

    private final BillingCycleRepository cycles;
    private final CardTransactionRepository items;
    private final StatementRepository statements;
    private final StatementLineRepository lines;
    private final RevolvingBalanceRepository revolving;
    private final Outbox outbox;
    private final StatementConfig config;
    private final Clock clock;

    public CycleClosing(BillingCycleRepository cycles, CardTransactionRepository items, StatementRepository statements,
            StatementLineRepository lines, RevolvingBalanceRepository revolving, Outbox outbox, StatementConfig config,
            Clock clock) {
        this.outbox = outbox;
        this.cycles = cycles;
        this.items = items;
        this.statements = statements;
        this.lines = lines;
        this.revolving = revolving;
        this.config = config;
        this.clock = clock;
    }

    /** What a close did: how many statements it made; changed false when the cycle was closed already. */
    public record Closed(int statementsCreated, boolean changed) {
    }

    @Scheduled(identity = "cycle-close", cron = "${anshin.statement.cycle-close.cron:0 30 0 11 * ?}",
            timeZone = "Asia/Tokyo", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        closeLastEnded();
    }

    /** The job's work: closes the cycle that ended last (on the 11th, Japan time: the one of the 10th before). */
    public Closed closeLastEnded() {
        return close(lastEndedClosingDate(clock.instant()));
    }

    /** The closing date of the last cycle that has ended at that instant. */
    static LocalDate lastEndedClosingDate(Instant now) {
        LocalDate closing = BillingCalendar.closingDateOf(now);
        return BillingCalendar.endOf(closing).isAfter(now) ? closing.minusMonths(1) : closing;
    }

    /** Closes the cycle ending on that date; a closed one is left as it is. */
    public Closed close(LocalDate closingDate) {
        check(closingDate);
        try {
            return QuarkusTransaction.requiringNew().call(() -> closeInTransaction(closingDate));
        } catch (PersistenceException e) {
            // Another close of the same cycle inserted its row first and committed: this one made nothing.
            if (QuarkusTransaction.requiringNew().call(() -> cycles.findByIdOptional(closingDate).isPresent())) {
                return new Closed(0, false);
            }
            throw e;
        }
    }

    private void check(LocalDate closingDate) {
        if (closingDate == null) {
            throw new InvalidRequestException("closing_date is required");
        }
        if (!BillingCalendar.isClosingDate(closingDate)) {
            throw new InvalidRequestException("closing_date must be a " + BillingCalendar.CLOSING_DAY + "th");
        }
        if (closingDate.getYear() < JapaneseHolidays.FIRST_YEAR || closingDate.getYear() >= JapaneseHolidays.LAST_YEAR) {
            throw new InvalidRequestException("closing_date must be in " + JapaneseHolidays.FIRST_YEAR + " to "
                    + (JapaneseHolidays.LAST_YEAR - 1));
        }
        if (BillingCalendar.endOf(closingDate).isAfter(clock.instant())) {
            throw new CycleNotEnded("the cycle closing on " + closingDate + " has not ended in Japan yet");
        }
    }

    private Closed closeInTransaction(LocalDate closingDate) {
        if (cycles.lock(closingDate).isPresent()) {
            return new Closed(0, false);
        }
        Instant now = UsageRules.now(clock);
        BillingCycle cycle = new BillingCycle();
        cycle.closingDate = closingDate;
        cycle.closedAt = now;
        cycles.persist(cycle);
        cycles.flush();

        Map<String, MemberBill> bills = new TreeMap<>();
        for (CardTransaction item : items.lockUnbilledUsedBefore(BillingCalendar.endOf(closingDate))) {
            bills.computeIfAbsent(item.memberId, MemberBill::new).newItems.add(item);
        }
        for (CardTransaction item : items.lockInstallmentsRunningBefore(closingDate)) {
            bills.computeIfAbsent(item.memberId, MemberBill::new).runningInstallments.add(item);
        }
        for (RevolvingBalance balance : revolving.lockOwedBefore(closingDate)) {
            bills.computeIfAbsent(balance.memberId, MemberBill::new).revolving = balance;
        }
        LocalDate paymentDate = BillingCalendar.paymentDateOf(closingDate);
        for (MemberBill bill : bills.values()) {
            bill(bill, closingDate, paymentDate, now);
        }
        cycle.statementsCreated = bills.size();
        LOG.infof("closed the cycle of %s: %d statements, debited on %s", closingDate, bills.size(), paymentDate);
        return new Closed(bills.size(), true);
    }

    /** What one member is billed by the close. */
    private static final class MemberBill {
        final String memberId;
        final List<CardTransaction> newItems = new ArrayList<>();
        final List<CardTransaction> runningInstallments = new ArrayList<>();
        RevolvingBalance revolving;

        MemberBill(String memberId) {
            this.memberId = memberId;
        }
    }

    private void bill(MemberBill bill, LocalDate closingDate, LocalDate paymentDate, Instant now) {
        Statement statement = new Statement();
        statement.id = UUID.randomUUID().toString();
        statement.memberId = bill.memberId;
        statement.closingDate = closingDate;
        statement.paymentDate = paymentDate;
        statement.createdAt = now;
        List<StatementLine> made = new ArrayList<>();

        long addedToRevolving = 0;
        for (CardTransaction item : bill.runningInstallments) {
            made.add(installment(item, closingDate));
        }
        for (CardTransaction item : bill.newItems) {
            item.billedClosingDate = closingDate;
            switch (item.paymentMethod) {
                case LUMP_SUM -> {
                    made.add(line(item, item.amount, 0));
                    item.lastBilledClosingDate = closingDate;
                }
                case INSTALLMENTS -> made.add(installment(item, closingDate));
                case REVOLVING -> {
                    made.add(line(item, 0, 0));
                    item.lastBilledClosingDate = closingDate;
                    addedToRevolving = Math.addExact(addedToRevolving, item.amount);
                }
            }
        }
        long carried = bill.revolving == null ? 0 : bill.revolving.balance;
        long owed = Math.addExact(carried, addedToRevolving);
        if (owed > 0) {
            long fee = Fees.monthlyFee(carried, config.fees().revolvingAnnualRate());
            long principal = Math.min(owed, config.revolving().monthlyPayment());
            StatementLine payment = new StatementLine();
            payment.merchantName = REVOLVING_LINE;
            payment.paymentMethod = PaymentMethod.REVOLVING;
            payment.principal = principal;
            payment.fee = fee;
            made.add(payment);
            RevolvingBalance balance = bill.revolving;
            if (balance == null) {
                balance = revolving.findByIdOptional(bill.memberId).orElse(null);
            }
            if (balance == null) {
                balance = new RevolvingBalance();
                balance.memberId = bill.memberId;
                balance.balance = owed - principal;
                balance.lastClosingDate = closingDate;
                revolving.persist(balance);
            } else {
                balance.balance = owed - principal;
                balance.lastClosingDate = closingDate;
            }
            statement.revolvingBalance = owed - principal;
        }

        int number = 0;
        for (StatementLine line : made) {
            line.id = UUID.randomUUID().toString();
            line.statementId = statement.id;
            line.lineNumber = ++number;
            statement.principalTotal = Math.addExact(statement.principalTotal, line.principal);
            statement.feeTotal = Math.addExact(statement.feeTotal, line.fee);
        }
        statements.persist(statement);
        statements.flush();
        lines.persist(made);
        // "Statement ready", in the close's transaction: announced if and only if the statement is made.
        outbox.statementReady(statement);
    }

    /** The next instalment of an instalment purchase, its principal and its fee apart. */
    private StatementLine installment(CardTransaction item, LocalDate closingDate) {
        int number = item.installmentsBilled + 1;
        int count = item.installmentCount;
        long principal = Fees.installmentPrincipal(item.amount, count, number);
        long fee = Fees.monthlyFee(Fees.principalOutstandingBefore(item.amount, count, number),
                config.fees().installmentsAnnualRate());
        StatementLine line = line(item, principal, fee);
        line.installmentNumber = number;
        line.installmentCount = count;
        item.installmentsBilled = number;
        item.lastBilledClosingDate = closingDate;
        return line;
    }

    private static StatementLine line(CardTransaction item, long principal, long fee) {
        StatementLine line = new StatementLine();
        line.transactionId = item.id;
        line.merchantName = item.merchantName;
        line.usedAt = item.usedAt;
        line.cardId = item.cardId;
        line.cardBrand = item.cardBrand;
        line.cardLast4 = item.cardLast4;
        line.paymentMethod = item.paymentMethod;
        line.purchaseAmount = item.amount;
        line.principal = principal;
        line.fee = fee;
        return line;
    }
}
