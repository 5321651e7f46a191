package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static dev.anshin.statement.Usage.approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.statement.v1.ChangePaymentMethodRequest;
import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.MethodTotal;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementLine;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.config.StatementConfig;
import dev.anshin.statement.service.Fees;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Lump sum, instalments and revolving on statements, with the default fee rates (15 % a year for both) and monthly
 * payment (10,000 yen); fees rounded down to the yen. あとからリボ・分割: a posted lump sum switched until its cycle closes.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PaymentMethodTest extends CycleTestBase {

    @Inject
    StatementConfig config;

    @Override
    int cycles() {
        return 5;
    }

    private Transaction change(String id, PaymentMethod method, int installments) {
        return usage.memberTwoStep(member).changePaymentMethod(ChangePaymentMethodRequest.newBuilder()
                .setTransactionId(id).setPaymentMethod(method).setInstallmentCount(installments).build())
                .getTransaction();
    }

    private static StatementLine lineOf(Statement statement, String transactionId) {
        return statement.getLinesList().stream().filter(l -> l.getTransactionId().equals(transactionId)).findFirst()
                .orElseThrow();
    }

    @Test
    void theDefaultsAreFifteenPercentAYearAndTenThousandYenAMonth() {
        assertEquals(0, new BigDecimal("15.0").compareTo(config.fees().installmentsAnnualRate()));
        assertEquals(0, new BigDecimal("15.0").compareTo(config.fees().revolvingAnnualRate()));
        assertEquals(10_000, config.revolving().monthlyPayment());
    }

    @Test
    void installmentsBillOneLinePerInstalmentPerStatementWithTheFeeApart() {
        String id = post(10_000, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 3, jst(cycle, 12, 0)).getId();

        for (int i = 0; i < 4; i++) {
            close(usage, cycle.plusMonths(i));
        }

        // 10,000 yen in 3: 3,334 (the yen left over on the first), 3,333, 3,333. Fee: 15 %/12 of what is not billed
        // yet before each instalment, rounded down: 10,000 → 125; 6,666 → 83.325 → 83; 3,333 → 41.6625 → 41.
        long[][] expected = {{3_334, 125}, {3_333, 83}, {3_333, 41}};
        for (int k = 0; k < 3; k++) {
            Statement statement = statementOf(usage, member, cycle.plusMonths(k));
            assertThat(statement.getLinesList()).hasSize(1);
            StatementLine line = lineOf(statement, id);
            assertEquals(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, line.getPaymentMethod());
            assertEquals(k + 1, line.getInstallmentNumber());
            assertEquals(3, line.getInstallmentCount());
            assertEquals(10_000, line.getPurchaseAmount().getAmount());
            assertEquals(expected[k][0], line.getPrincipal().getAmount());
            assertEquals(expected[k][1], line.getFee().getAmount());
            assertEquals(expected[k][0], statement.getPrincipalTotal().getAmount());
            assertEquals(expected[k][1], statement.getFeeTotal().getAmount());
            assertEquals(expected[k][0] + expected[k][1], statement.getTotal().getAmount());
            MethodTotal installments = statement.getMethodTotals(1);
            assertEquals(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, installments.getPaymentMethod());
            assertEquals(expected[k][0] + expected[k][1], installments.getTotal().getAmount());
        }
        assertThat(statementOf(usage, member, cycle.plusMonths(3))).as("nothing left after the third").isNull();
    }

    @Test
    void revolvingBillsTheFixedMonthlyPaymentAndAFeeOnTheRemainingBalanceApartFromThePrincipal() {
        post(25_000, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, jst(cycle, 12, 0));

        for (int i = 0; i < 4; i++) {
            close(usage, cycle.plusMonths(i));
        }

        // Month 1: 10,000 paid, no balance carried yet: no fee; 15,000 left.
        // Month 2: fee 15,000 × 15 %/12 = 187.5 → 187; 10,000 paid; 5,000 left.
        // Month 3: fee 5,000 × 15 %/12 = 62.5 → 62; the last 5,000 paid; nothing left.
        long[][] expected = {{10_000, 0, 15_000}, {10_000, 187, 5_000}, {5_000, 62, 0}};
        for (int k = 0; k < 3; k++) {
            Statement statement = statementOf(usage, member, cycle.plusMonths(k));
            StatementLine payment = statement.getLinesList().stream()
                    .filter(l -> l.getTransactionId().isEmpty()).findFirst().orElseThrow();
            assertEquals(PaymentMethod.PAYMENT_METHOD_REVOLVING, payment.getPaymentMethod());
            assertEquals(expected[k][0], payment.getPrincipal().getAmount(), "principal of month " + (k + 1));
            assertEquals(expected[k][1], payment.getFee().getAmount(), "fee of month " + (k + 1));
            assertEquals(expected[k][0], statement.getPrincipalTotal().getAmount());
            assertEquals(expected[k][1], statement.getFeeTotal().getAmount());
            assertEquals(expected[k][2], statement.getRevolvingBalance().getAmount());
            assertEquals(expected[k][0] + expected[k][1], statement.getMethodTotals(2).getTotal().getAmount());
        }
        // The purchase is shown on its first statement, adding to the balance, billed through the payment line.
        StatementLine purchase = statementOf(usage, member, cycle).getLines(0);
        assertEquals(25_000, purchase.getPurchaseAmount().getAmount());
        assertEquals(0, purchase.getPrincipal().getAmount());
        assertThat(statementOf(usage, member, cycle.plusMonths(3))).isNull();
    }

    @Test
    void aStatementTotalsEachPaymentMethodApart() {
        Statement statement = mixedStatement();
        // lump sum 1,000; instalment 1 of 2: 3,000 + fee 6,000 × 1.25 % = 75; revolving: 4,000 paid, no fee yet.
        assertThat(statement.getMethodTotalsList()).extracting(t -> t.getPrincipal().getAmount())
                .containsExactly(1_000L, 3_000L, 4_000L);
        assertThat(statement.getMethodTotalsList()).extracting(t -> t.getFee().getAmount()).containsExactly(0L, 75L, 0L);
        assertEquals(8_000, statement.getPrincipalTotal().getAmount());
        assertEquals(75, statement.getFeeTotal().getAmount());
        assertEquals(8_075, statement.getTotal().getAmount());
    }

    @Test
    void feesRoundDownToTheYen() {
        assertEquals(187, Fees.monthlyFee(15_000, new BigDecimal("15.0")));
        assertEquals(0, Fees.monthlyFee(79, new BigDecimal("15.0")));
        assertEquals(1, Fees.monthlyFee(80, new BigDecimal("15.0")));
        assertEquals(12_499, Fees.monthlyFee(999_999, new BigDecimal("15.0")));
        assertEquals(10_000, Fees.installmentPrincipal(10_000, 3, 1) + Fees.installmentPrincipal(10_000, 3, 2)
                + Fees.installmentPrincipal(10_000, 3, 3));
    }

    @Test
    void aMemberSwitchesAPostedLumpSumToInstallmentsUntilItsCycleCloses() {
        String id = post(12_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle, 9, 0)).getId();

        Transaction switched = change(id, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 6);
        Transaction again = change(id, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 6);
        close(usage, cycle);

        assertEquals(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, switched.getPaymentMethod());
        assertEquals(6, switched.getInstallmentCount());
        assertEquals(switched, again);
        StatementLine line = lineOf(statementOf(usage, member, cycle), id);
        assertEquals(1, line.getInstallmentNumber());
        assertEquals(2_000, line.getPrincipal().getAmount());
        assertEquals(150, line.getFee().getAmount());

        String billed = post(3_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle.plusMonths(1), 9, 0)).getId();
        close(usage, cycle.plusMonths(1));
        StatusRuntimeException closed = assertThrows(StatusRuntimeException.class,
                () -> change(billed, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0));
        assertEquals(Status.Code.FAILED_PRECONDITION, closed.getStatus().getCode());
        assertEquals("CYCLE_CLOSED", ErrorDetails.reason(closed));
        assertEquals(PaymentMethod.PAYMENT_METHOD_LUMP_SUM, usage.member(member).getTransaction(
                GetTransactionRequest.newBuilder().setTransactionId(billed).build()).getTransaction().getPaymentMethod());
    }

    @Test
    void aMemberSwitchesAPostedLumpSumToRevolving() {
        String id = post(30_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle, 9, 0)).getId();

        assertEquals(PaymentMethod.PAYMENT_METHOD_REVOLVING, change(id, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0)
                .getPaymentMethod());
        close(usage, cycle);

        Statement statement = statementOf(usage, member, cycle);
        assertEquals(10_000, statement.getTotal().getAmount());
        assertEquals(20_000, statement.getRevolvingBalance().getAmount());
    }

    @Test
    void onlyAPostedLumpSumOfTheMembersOwnCanBeSwitchedAndBadInputChangesNothing() {
        String lumpSum = post(5_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle, 9, 0)).getId();
        String installments = post(5_000, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 3, jst(cycle, 9, 0)).getId();
        String pending = usage.cardControl().recordAuthorization(approval(Usage.newAuthorizationId(), member, card,
                5_000, "家具店", jst(cycle, 9, 0))).getTransaction().getId();

        record Refusal(String id, PaymentMethod method, int count, Status.Code code, String reason) {
        }
        for (Refusal refusal : List.of(
                new Refusal(lumpSum, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 1, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal(lumpSum, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, 25, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal(lumpSum, PaymentMethod.PAYMENT_METHOD_REVOLVING, 3, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal(lumpSum, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal(lumpSum, PaymentMethod.PAYMENT_METHOD_UNSPECIFIED, 0, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal("", PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, Status.Code.INVALID_ARGUMENT,
                        "INVALID_REQUEST"),
                new Refusal(installments, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, Status.Code.FAILED_PRECONDITION,
                        "PAYMENT_METHOD_ALREADY_CHANGED"),
                new Refusal(pending, PaymentMethod.PAYMENT_METHOD_REVOLVING, 0, Status.Code.FAILED_PRECONDITION,
                        "TRANSACTION_NOT_POSTED"),
                new Refusal(UUID.randomUUID().toString(), PaymentMethod.PAYMENT_METHOD_REVOLVING, 0,
                        Status.Code.NOT_FOUND, "TRANSACTION_NOT_FOUND"))) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> change(refusal.id(), refusal.method(), refusal.count()), refusal.toString());
            assertEquals(refusal.code(), refused.getStatus().getCode(), refusal.toString());
            assertEquals(refusal.reason(), ErrorDetails.reason(refused), refusal.toString());
        }
        // Another member's item: not found, as one that does not exist.
        StatusRuntimeException others = assertThrows(StatusRuntimeException.class, () -> usage
                .memberTwoStep(GrpcTestClient.newMemberId()).changePaymentMethod(ChangePaymentMethodRequest.newBuilder()
                        .setTransactionId(lumpSum).setPaymentMethod(PaymentMethod.PAYMENT_METHOD_REVOLVING).build()));
        assertEquals(Status.Code.NOT_FOUND, others.getStatus().getCode());
        assertEquals("TRANSACTION_NOT_FOUND", ErrorDetails.reason(others));

        Transaction unchanged = usage.member(member).getTransaction(GetTransactionRequest.newBuilder()
                .setTransactionId(lumpSum).build()).getTransaction();
        assertEquals(PaymentMethod.PAYMENT_METHOD_LUMP_SUM, unchanged.getPaymentMethod());
        assertEquals(0, unchanged.getInstallmentCount());
    }

    @Test
    void switchingNeedsASignInWithTwoSteps() {
        String id = post(5_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, 0, jst(cycle, 9, 0)).getId();

        StatusRuntimeException passwordOnly = assertThrows(StatusRuntimeException.class, () -> usage.member(member)
                .changePaymentMethod(ChangePaymentMethodRequest.newBuilder().setTransactionId(id)
                        .setPaymentMethod(PaymentMethod.PAYMENT_METHOD_REVOLVING).build()));

        assertEquals(Status.Code.UNAUTHENTICATED, passwordOnly.getStatus().getCode());
        assertEquals("INSUFFICIENT_USER_AUTHENTICATION", ErrorDetails.reason(passwordOnly));
        assertEquals(PaymentMethod.PAYMENT_METHOD_LUMP_SUM, usage.member(member).getTransaction(
                GetTransactionRequest.newBuilder().setTransactionId(id).build()).getTransaction().getPaymentMethod());
    }
}
