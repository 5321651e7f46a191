package dev.anshin.statement.service;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.PaymentResult;
import dev.anshin.statement.PaymentStatus;
import dev.anshin.statement.Statement;
import dev.anshin.statement.StatementLine;
import dev.anshin.statement.StatementPayment;
import dev.anshin.statement.repository.CardTransactionRepository;
import dev.anshin.statement.repository.StatementLineRepository;
import dev.anshin.statement.repository.StatementPaymentRepository;
import dev.anshin.statement.repository.StatementRepository;

/**
 * Billing's debit results (RecordPayment). A statement's payment goes DUE → PAID, or DUE → OVERDUE (a failed debit)
 * → PAID (paid later, under another payment id); PAID is final. Each change writes, in its transaction, what
 * card-control must apply: a paid statement's principal back to available credit (and an overdue decline lifted), or
 * the overdue decline. Idempotent by payment id.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final Pattern STATEMENT_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");

    private final StatementRepository statements;
    private final StatementLineRepository lines;
    private final StatementPaymentRepository payments;
    private final CardTransactionRepository items;
    private final Outbox outbox;
    private final Clock clock;

    public PaymentService(StatementRepository statements, StatementLineRepository lines,
            StatementPaymentRepository payments, CardTransactionRepository items, Outbox outbox, Clock clock) {
        this.statements = statements;
        this.lines = lines;
        this.payments = payments;
        this.items = items;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The statement after the payment, and whether it changed anything. */
    public record Recorded(Statement statement, boolean changed) {
    }

    /**
     * Records a debit result. The statement's row is locked first, so two results for one statement take turns; the
     * same payment id again answers unchanged.
     */
    @Transactional
    public Recorded record(String paymentId, String statementId, PaymentResult result) {
        UsageRules.externalId(paymentId, "payment_id");
        if (statementId == null || !STATEMENT_ID.matcher(statementId).matches()) {
            throw new InvalidRequestException("statement_id is required (at most 36 letters, digits or hyphens)");
        }
        if (result == null) {
            throw new InvalidRequestException("result is required: PAID or FAILED");
        }
        Statement statement = statements.lock(statementId).orElseThrow(StatementNotFoundException::new);
        Optional<StatementPayment> earlier = payments.findByIdOptional(paymentId);
        if (earlier.isPresent()) {
            if (earlier.get().statementId.equals(statementId) && earlier.get().result == result) {
                return new Recorded(statement, false);
            }
            throw PaymentConflict.idReused(paymentId);
        }
        if (statement.paymentStatus == PaymentStatus.PAID) {
            throw PaymentConflict.alreadyPaid(statementId);
        }
        StatementPayment payment = new StatementPayment();
        payment.paymentId = paymentId;
        payment.statementId = statementId;
        payment.result = result;
        payment.recordedAt = UsageRules.now(clock);
        payments.persist(payment);

        if (result == PaymentResult.FAILED) {
            if (statement.paymentStatus == PaymentStatus.OVERDUE) {
                return new Recorded(statement, false);
            }
            statement.paymentStatus = PaymentStatus.OVERDUE;
            outbox.statementOverdue(statement);
            LOG.infof("statement %s is overdue: its debit failed", statementId);
            return new Recorded(statement, true);
        }
        statement.paymentStatus = PaymentStatus.PAID;
        outbox.statementPaid(statement, principalByCard(statement));
        LOG.infof("statement %s is paid", statementId);
        return new Recorded(statement, true);
    }

    /**
     * How the statement's principal splits over the cards it was billed on: each purchase or instalment line to its
     * card; the revolving payment (no one purchase) to the revolving purchases it pays off, oldest first (the member's
     * revolving payments billed before this statement paid off the ones before).
     */
    Map<String, Long> principalByCard(Statement statement) {
        Map<String, Long> byCard = new TreeMap<>();
        long revolvingPayment = 0;
        for (StatementLine line : lines.ofStatement(statement.id)) {
            if (line.cardId != null && line.principal > 0) {
                byCard.merge(line.cardId, line.principal, Math::addExact);
            } else if (line.paymentMethod == PaymentMethod.REVOLVING && line.transactionId == null) {
                revolvingPayment = Math.addExact(revolvingPayment, line.principal);
            }
        }
        if (revolvingPayment > 0) {
            long from = statements.revolvingPrincipalBefore(statement.memberId, statement.closingDate);
            long to = from + revolvingPayment;
            long start = 0;
            List<CardTransaction> purchases = items.revolvingBilledBy(statement.memberId, statement.closingDate);
            for (CardTransaction purchase : purchases) {
                long end = start + purchase.amount;
                long part = Math.min(end, to) - Math.max(start, from);
                if (part > 0) {
                    byCard.merge(purchase.cardId, part, Math::addExact);
                }
                start = end;
            }
        }
        return byCard;
    }
}
