package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static dev.anshin.statement.Usage.clearingRecord;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.testing.GrpcTestClient;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every test of cycles starts from: a new member and card, {@link #cycles()} consecutive cycles of its own from
 * {@link #cycle} on (see {@link Billing}), and the service's clock set after the last of them; reset after.
 */
abstract class CycleTestBase {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    ShiftableClock clock;

    Usage usage;
    String member;
    String card;
    LocalDate cycle;

    /** How many consecutive cycles the test closes. */
    abstract int cycles();

    @BeforeEach
    void startCycles() {
        usage = new Usage(baseUri);
        member = GrpcTestClient.newMemberId();
        card = Usage.newCardId();
        cycle = Billing.freshCycles(cycles());
        clock.set(Billing.afterEndOf(cycle.plusMonths(cycles() - 1)));
    }

    /** The clearing system posts a purchase on the member's card with this payment method (instalments 0: none given). */
    Transaction post(long amount, PaymentMethod method, int installments, Instant usedAt) {
        var record = clearingRecord("clr-" + UUID.randomUUID(), null, member, card, amount, "家具店", usedAt)
                .setPaymentMethod(method);
        if (installments > 0) {
            record.setInstallmentCount(installments);
        }
        return usage.clearing().postTransaction(record.build()).getTransaction();
    }

    /**
     * A lump-sum purchase of 1,000 yen, one of 6,000 in 2 instalments and a revolving one of 4,000, used in the first
     * cycle, which then closes: its statement (whose fees are the configured rates').
     */
    Statement mixedStatement() {
        post(1_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle, 9, 0));
        post(6_000, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 2, jst(cycle, 10, 0));
        post(4_000, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, jst(cycle, 11, 0));
        close(usage, cycle);
        return statementOf(usage, member, cycle);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        usage.close();
    }
}
