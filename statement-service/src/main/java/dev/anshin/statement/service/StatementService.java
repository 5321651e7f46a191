package dev.anshin.statement.service;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.Statement;
import dev.anshin.statement.StatementLine;
import dev.anshin.statement.repository.StatementLineRepository;
import dev.anshin.statement.repository.StatementRepository;

/** A member's statements, only ever their own: newest first, and one with its lines and totals per payment method. */
@ApplicationScoped
public class StatementService {

    private static final Pattern STATEMENT_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");

    private final StatementRepository statements;
    private final StatementLineRepository lines;

    public StatementService(StatementRepository statements, StatementLineRepository lines) {
        this.statements = statements;
        this.lines = lines;
    }

    /** A page of statements, and the closing date the next one starts before (null on the last page). */
    public record Page(List<Statement> statements, LocalDate nextBefore) {
    }

    /** What a payment method adds up to on a statement (whole yen). */
    public record MethodTotal(PaymentMethod method, long principal, long fee) {
        public long total() {
            return Math.addExact(principal, fee);
        }
    }

    /** A statement with its lines in order and a total for every payment method (zero when it bills none). */
    public record Detail(Statement statement, List<StatementLine> lines, List<MethodTotal> totals) {
    }

    @Transactional
    public Page list(String memberId, int pageSize, LocalDate before) {
        List<Statement> found = statements.page(memberId, before, pageSize + 1);
        if (found.size() <= pageSize) {
            return new Page(found, null);
        }
        List<Statement> page = found.subList(0, pageSize);
        return new Page(page, page.get(pageSize - 1).closingDate);
    }

    @Transactional
    public Detail get(String memberId, String statementId) {
        if (statementId == null || !STATEMENT_ID.matcher(statementId).matches()) {
            throw new InvalidRequestException("statement_id is required (at most 36 letters, digits or hyphens)");
        }
        return detail(statements.findOwned(memberId, statementId).orElseThrow(StatementNotFoundException::new));
    }

    /** The member's statements closing on or after {@code from}, newest first, each with its lines and totals. */
    @Transactional
    public List<Detail> closingSince(String memberId, LocalDate from) {
        return statements.closingSince(memberId, from).stream().map(this::detail).toList();
    }

    private Detail detail(Statement statement) {
        List<StatementLine> found = lines.ofStatement(statement.id);
        Map<PaymentMethod, long[]> sums = new EnumMap<>(PaymentMethod.class);
        for (PaymentMethod method : PaymentMethod.values()) {
            sums.put(method, new long[2]);
        }
        for (StatementLine line : found) {
            long[] sum = sums.get(line.paymentMethod);
            sum[0] = Math.addExact(sum[0], line.principal);
            sum[1] = Math.addExact(sum[1], line.fee);
        }
        List<MethodTotal> totals = sums.entrySet().stream()
                .map(e -> new MethodTotal(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        return new Detail(statement, found, totals);
    }
}
