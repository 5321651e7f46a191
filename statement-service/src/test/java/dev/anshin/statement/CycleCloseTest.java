package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static dev.anshin.statement.Usage.approval;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.statement.v1.CloseCycleRequest;
import dev.anshin.api.statement.v1.CloseCycleResponse;
import dev.anshin.api.statement.v1.GetStatementRequest;
import dev.anshin.api.statement.v1.ListStatementsRequest;
import dev.anshin.api.statement.v1.ListStatementsResponse;
import dev.anshin.api.statement.v1.MethodTotal;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementLine;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.service.BillingCalendar;
import dev.anshin.statement.service.CycleClosing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Cycles close on the 10th, Japan time; the use date decides the cycle; closed statements never change; pending
 * items are never billed; CloseCycle and the scheduled job run the same code, and running either twice changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CycleCloseTest extends CycleTestBase {

    @Inject
    CycleClosing job;

    @Override
    int cycles() {
        return 3;
    }

    private String post(long amount, String merchant, Instant usedAt) {
        return usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, amount,
                merchant, usedAt).build()).getTransaction().getId();
    }

    @Test
    void aPurchaseOnTheTenthIsInThatCycleAndOnTheEleventhInTheNextJapanTime() {
        String onTheTenth = post(1_000, "コンビニ", jst(cycle, 23, 59));
        String onTheEleventh = post(2_000, "書店", jst(cycle.plusDays(1), 0, 0));

        close(usage, cycle);
        close(usage, cycle.plusMonths(1));

        assertThat(statementOf(usage, member, cycle).getLinesList()).extracting(StatementLine::getTransactionId)
                .containsExactly(onTheTenth);
        assertThat(statementOf(usage, member, cycle.plusMonths(1)).getLinesList())
                .extracting(StatementLine::getTransactionId).containsExactly(onTheEleventh);
    }

    @Test
    void aStatementHoldsItsLinesTotalsPerMethodPrincipalFeeTotalAndThePaymentDate() {
        String first = post(1_200, "カフェ", jst(cycle.minusDays(20), 9, 0));
        String second = post(34_500, "家電量販店", jst(cycle, 12, 0));

        CloseCycleResponse closed = close(usage, cycle);

        assertThat(closed.getChanged()).isTrue();
        assertThat(closed.getStatementsCreated()).isPositive();
        Statement statement = statementOf(usage, member, cycle);
        assertEquals(cycle, Billing.date(statement.getClosingDate()));
        assertEquals(BillingCalendar.paymentDateOf(cycle), Billing.date(statement.getPaymentDate()));
        assertThat(Billing.date(statement.getPaymentDate())).isAfterOrEqualTo(cycle.plusMonths(1).withDayOfMonth(4));
        assertThat(statement.getLinesList()).extracting(StatementLine::getTransactionId).containsExactly(first, second);
        StatementLine line = statement.getLines(1);
        assertEquals("家電量販店", line.getMerchantName());
        assertEquals(PaymentMethod.PAYMENT_METHOD_LUMP_SUM, line.getPaymentMethod());
        assertEquals(34_500, line.getPrincipal().getAmount());
        assertEquals(0, line.getFee().getAmount());
        assertEquals(34_500, line.getPurchaseAmount().getAmount());
        assertEquals("4242", line.getCard().getLast4());
        assertEquals(35_700, statement.getPrincipalTotal().getAmount());
        assertEquals(0, statement.getFeeTotal().getAmount());
        assertEquals(35_700, statement.getTotal().getAmount());
        assertThat(statement.getMethodTotalsList()).extracting(MethodTotal::getPaymentMethod).containsExactly(
                PaymentMethod.PAYMENT_METHOD_LUMP_SUM, PaymentMethod.PAYMENT_METHOD_INSTALLMENTS,
                PaymentMethod.PAYMENT_METHOD_REVOLVING);
        assertThat(statement.getMethodTotalsList()).extracting(total -> total.getTotal().getAmount())
                .containsExactly(35_700L, 0L, 0L);
    }

    @Test
    void pendingItemsAreNeverInAStatementTotal() {
        String posted = post(5_000, "ドラッグストア", jst(cycle, 10, 0));
        usage.cardControl().recordAuthorization(approval(Usage.newAuthorizationId(), member, card, 9_999, "ホテル",
                jst(cycle, 11, 0)));

        close(usage, cycle);

        Statement statement = statementOf(usage, member, cycle);
        assertThat(statement.getLinesList()).extracting(StatementLine::getTransactionId).containsExactly(posted);
        assertEquals(5_000, statement.getTotal().getAmount());
    }

    @Test
    void aMemberWithOnlyPendingItemsGetsNoStatement() {
        usage.cardControl().recordAuthorization(approval(Usage.newAuthorizationId(), member, card, 9_999, "ホテル",
                jst(cycle, 11, 0)));

        close(usage, cycle);

        assertThat(usage.member(member).listStatements(ListStatementsRequest.getDefaultInstance())
                .getStatementsList()).isEmpty();
    }

    @Test
    void anItemPostedAfterItsCycleClosedGoesIntoTheNextOpenOneAndTheClosedStatementNeverChanges() {
        String authorization = Usage.newAuthorizationId();
        post(3_000, "スーパー", jst(cycle, 8, 0));
        usage.cardControl().recordAuthorization(approval(authorization, member, card, 7_000, "百貨店", jst(cycle, 9, 0)));
        close(usage, cycle);
        Statement closedBefore = statementOf(usage, member, cycle);

        String late = usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), authorization, member,
                card, 7_000, "百貨店", jst(cycle, 9, 0)).build()).getTransaction().getId();
        close(usage, cycle.plusMonths(1));

        assertEquals(closedBefore, statementOf(usage, member, cycle));
        Statement next = statementOf(usage, member, cycle.plusMonths(1));
        assertThat(next.getLinesList()).extracting(StatementLine::getTransactionId).containsExactly(late);
        assertEquals(7_000, next.getTotal().getAmount());
    }

    @Test
    void closingACycleTwiceChangesNothing() {
        post(4_000, "レストラン", jst(cycle, 19, 0));
        close(usage, cycle);
        Statement first = statementOf(usage, member, cycle);
        post(6_000, "レストラン", jst(cycle, 20, 0));

        CloseCycleResponse again = close(usage, cycle);

        assertThat(again.getChanged()).isFalse();
        assertEquals(0, again.getStatementsCreated());
        assertEquals(first, statementOf(usage, member, cycle));
        assertEquals(1, usage.member(member).listStatements(ListStatementsRequest.getDefaultInstance())
                .getStatementsCount());
    }

    @Test
    void theScheduledJobClosesTheCycleThatEndedLastAsCloseCycleDoesAndTwiceChangesNothing() {
        post(2_500, "映画館", jst(cycle, 18, 0));
        clock.set(Billing.afterEndOf(cycle));

        CycleClosing.Closed byJob = job.closeLastEnded();
        CycleClosing.Closed again = job.closeLastEnded();
        CloseCycleResponse byRpc = close(usage, cycle);

        assertThat(byJob.changed()).isTrue();
        assertThat(again.changed()).isFalse();
        assertThat(byRpc.getChanged()).isFalse();
        assertEquals(2_500, statementOf(usage, member, cycle).getTotal().getAmount());
        // On the 10th itself (23:00 JST) the job closes the month before, not the cycle still running.
        clock.set(jst(cycle.plusMonths(1), 23, 0));
        post(1_000, "映画館", jst(cycle.plusMonths(1), 22, 0));
        assertThat(job.closeLastEnded().changed()).isFalse();
        assertThat(statementOf(usage, member, cycle.plusMonths(1))).isNull();
    }

    @Test
    void twoClosesOfOneCycleAtOnceMakeOneStatement() throws Exception {
        post(8_000, "ガソリンスタンド", jst(cycle, 7, 0));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<CloseCycleResponse>> closes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                closes.add(() -> close(usage, cycle));
            }
            int changed = 0;
            for (Future<CloseCycleResponse> result : pool.invokeAll(closes)) {
                changed += result.get().getChanged() ? 1 : 0;
            }
            assertEquals(1, changed);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, usage.member(member).listStatements(ListStatementsRequest.getDefaultInstance())
                .getStatementsCount());
        assertEquals(8_000, statementOf(usage, member, cycle).getTotal().getAmount());
    }

    @Test
    void aCycleIsClosedOnlyOnATenthThatHasEndedInJapan() {
        post(1_000, "駅売店", jst(cycle, 7, 0));
        clock.set(jst(cycle, 23, 59));

        StatusRuntimeException notEnded = assertThrows(StatusRuntimeException.class, () -> close(usage, cycle));
        assertEquals(Status.Code.FAILED_PRECONDITION, notEnded.getStatus().getCode());
        assertEquals("CYCLE_NOT_ENDED", ErrorDetails.reason(notEnded));

        for (CloseCycleRequest bad : List.of(CloseCycleRequest.getDefaultInstance(),
                CloseCycleRequest.newBuilder().setClosingDate(Billing.date(cycle.minusDays(1))).build(),
                CloseCycleRequest.newBuilder().setClosingDate(CalendarDate.newBuilder().setYear(2031).setMonth(2)
                        .setDay(30)).build(),
                CloseCycleRequest.newBuilder().setClosingDate(Billing.date(LocalDate.of(2019, 5, 10))).build())) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> usage.billing().closeCycle(bad));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), bad.toString());
            assertEquals("INVALID_REQUEST", ErrorDetails.reason(refused));
        }
        clock.set(Billing.afterEndOf(cycle));
        assertThat(close(usage, cycle).getChanged()).isTrue();
    }

    @Test
    void membersSeeTheirOwnStatementsNewestFirstByPageAndAnotherMembersIsNotFound() {
        post(1_000, "A", jst(cycle, 7, 0));
        post(2_000, "B", jst(cycle.plusMonths(1), 7, 0));
        post(3_000, "C", jst(cycle.plusMonths(2), 7, 0));
        for (int i = 0; i < 3; i++) {
            close(usage, cycle.plusMonths(i));
        }

        ListStatementsResponse first = usage.member(member).listStatements(ListStatementsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(2)).build());
        ListStatementsResponse second = usage.member(member).listStatements(ListStatementsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(first.getPageInfo().getNextPageToken()))
                .build());

        assertThat(first.getStatementsList()).extracting(s -> s.getTotal().getAmount()).containsExactly(3_000L, 2_000L);
        assertThat(first.getStatementsList()).allSatisfy(s -> assertThat(s.getLinesList()).isEmpty());
        assertThat(second.getStatementsList()).extracting(s -> s.getTotal().getAmount()).containsExactly(1_000L);
        assertThat(second.getPageInfo().getNextPageToken()).isEmpty();

        String id = first.getStatements(0).getId();
        StatusRuntimeException others = assertThrows(StatusRuntimeException.class, () -> usage
                .member(GrpcTestClient.newMemberId()).getStatement(GetStatementRequest.newBuilder().setStatementId(id)
                        .build()));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> usage.member(member)
                .getStatement(GetStatementRequest.newBuilder().setStatementId(UUID.randomUUID().toString()).build()));
        for (StatusRuntimeException notFound : List.of(others, missing)) {
            assertEquals(Status.Code.NOT_FOUND, notFound.getStatus().getCode());
            assertEquals("STATEMENT_NOT_FOUND", ErrorDetails.reason(notFound));
        }
        assertEquals(others.getStatus().getDescription(), missing.getStatus().getDescription());
        StatusRuntimeException badToken = assertThrows(StatusRuntimeException.class, () -> usage.member(member)
                .listStatements(ListStatementsRequest.newBuilder().setPage(PageRequest.newBuilder()
                        .setPageToken("bm90LWEtdG9rZW4")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badToken.getStatus().getCode());
    }
}
