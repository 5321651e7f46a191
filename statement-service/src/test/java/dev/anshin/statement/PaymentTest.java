package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Billing.statementOf;
import static dev.anshin.statement.Usage.approval;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.anshin.api.cardcontrol.v1.CardPrincipal;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.api.statement.v1.GetStatementRequest;
import dev.anshin.api.statement.v1.ListStatementsRequest;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.PaymentResult;
import dev.anshin.api.statement.v1.PaymentStatus;
import dev.anshin.api.statement.v1.RecordPaymentRequest;
import dev.anshin.api.statement.v1.RecordPaymentResponse;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.statement.repository.OutboxEventRepository;
import dev.anshin.statement.service.AuthorizationExpiry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The money loop on statement-service's side: "statement ready" written with the close, billing's debit results
 * (RecordPayment) and the payment state members see, and what each writes into the outbox for card-control (credit
 * given back, overdue) — once. The relay's delivery is {@code OutboxRelayTest}'s.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PaymentTest extends CycleTestBase {

    @Inject
    OutboxEventRepository outbox;

    @Inject
    AuthorizationExpiry expiry;

    @Override
    int cycles() {
        return 2;
    }

    private String post(long amount, PaymentMethod method, Instant usedAt) {
        return usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, amount,
                "店", usedAt).setPaymentMethod(method).build()).getTransaction().getId();
    }

    private List<OutboxEvent> events(OutboxEvent.Kind kind, String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.list("kind = ?1 and eventId = ?2", kind, eventId));
    }

    private RecordPaymentResponse pay(String paymentId, String statementId, PaymentResult result) {
        return usage.billing().recordPayment(RecordPaymentRequest.newBuilder().setPaymentId(paymentId)
                .setStatementId(statementId).setResult(result).build());
    }

    private PaymentStatus seenByMember(String statementId) {
        PaymentStatus listed = usage.member(member).listStatements(ListStatementsRequest.getDefaultInstance())
                .getStatementsList().stream().filter(s -> s.getId().equals(statementId)).findFirst().orElseThrow()
                .getPaymentStatus();
        PaymentStatus got = usage.member(member).getStatement(GetStatementRequest.newBuilder().setStatementId(statementId)
                .build()).getStatement().getPaymentStatus();
        assertEquals(listed, got);
        return got;
    }

    private Statement closedStatement(long amount) {
        post(amount, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, jst(cycle, 12, 0));
        close(usage, cycle);
        return statementOf(usage, member, cycle);
    }

    @Test
    void closingAStatementAnnouncesItOnceThroughTheOutbox() throws InvalidProtocolBufferException {
        Statement statement = closedStatement(12_345);
        close(usage, cycle);

        List<OutboxEvent> ready = events(OutboxEvent.Kind.STATEMENT_READY, statement.getId());
        assertEquals(1, ready.size());
        var request = NotifyStatementReadyRequest.parseFrom(ready.get(0).payload);
        assertEquals(statement.getId(), request.getStatementId());
        assertEquals(member, request.getMemberId().getValue());
        assertEquals(12_345, request.getTotal().getAmount());
        assertEquals(statement.getClosingDate(), request.getClosingDate());
        assertEquals(statement.getPaymentDate(), request.getPaymentDate());
    }

    @Test
    void aNewStatementIsDueAndAPaidOneIsShownPaid() {
        Statement statement = closedStatement(5_000);
        assertEquals(PaymentStatus.PAYMENT_STATUS_DUE, seenByMember(statement.getId()));

        var paid = pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_PAID);

        assertTrue(paid.getChanged());
        assertEquals(PaymentStatus.PAYMENT_STATUS_PAID, paid.getStatement().getPaymentStatus());
        assertEquals(PaymentStatus.PAYMENT_STATUS_PAID, seenByMember(statement.getId()));
    }

    @Test
    void aPaidStatementRestoresCreditByThePrincipalOnce() throws InvalidProtocolBufferException {
        // Lump sum 8,000 and a 30,000 instalment purchase in 3 (first instalment 10,000 + its fee): principal 18,000.
        post(8_000, PaymentMethod.PAYMENT_METHOD_LUMP_SUM, jst(cycle, 9, 0));
        usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, 30_000, "家電",
                jst(cycle, 10, 0)).setPaymentMethod(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS).setInstallmentCount(3).build());
        close(usage, cycle);
        Statement statement = statementOf(usage, member, cycle);
        assertThat(statement.getFeeTotal().getAmount()).isPositive();
        String paymentId = "pay-" + UUID.randomUUID();

        pay(paymentId, statement.getId(), PaymentResult.PAYMENT_RESULT_PAID);
        var again = pay(paymentId, statement.getId(), PaymentResult.PAYMENT_RESULT_PAID);

        assertFalse(again.getChanged());
        List<OutboxEvent> paid = events(OutboxEvent.Kind.STATEMENT_PAID, statement.getId());
        assertEquals(1, paid.size());
        var request = RecordStatementPaidRequest.parseFrom(paid.get(0).payload);
        assertEquals(paid.get(0).id, request.getEventId());
        assertEquals(member, request.getMemberId().getValue());
        assertEquals(18_000, request.getPrincipal().getAmount(), "the principal, never the fees");
        assertEquals(List.of(CardPrincipal.newBuilder().setCardId(Usage.card(card).getCardId())
                .setPrincipal(request.getPrincipal()).build()), request.getCardsList());
    }

    @Test
    void aRevolvingPaymentGivesCreditBackToThePurchasesItPaysOff() throws InvalidProtocolBufferException {
        String otherCard = Usage.newCardId();
        post(6_000, PaymentMethod.PAYMENT_METHOD_REVOLVING, jst(cycle, 9, 0));
        usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, otherCard, 9_000, "店",
                jst(cycle, 10, 0)).setPaymentMethod(PaymentMethod.PAYMENT_METHOD_REVOLVING).build());
        close(usage, cycle);
        close(usage, cycle.plusMonths(1));
        // 15,000 on revolving at 10,000 a month: the first payment pays off the 6,000 purchase and 4,000 of the other.
        Statement first = statementOf(usage, member, cycle);
        Statement second = statementOf(usage, member, cycle.plusMonths(1));
        pay("pay-" + UUID.randomUUID(), first.getId(), PaymentResult.PAYMENT_RESULT_PAID);
        pay("pay-" + UUID.randomUUID(), second.getId(), PaymentResult.PAYMENT_RESULT_PAID);

        assertEquals(Map.of(card, 6_000L, otherCard, 4_000L), byCard(first));
        assertEquals(Map.of(otherCard, 5_000L), byCard(second));
    }

    private Map<String, Long> byCard(Statement statement) throws InvalidProtocolBufferException {
        var request = RecordStatementPaidRequest.parseFrom(events(OutboxEvent.Kind.STATEMENT_PAID, statement.getId()).get(0).payload);
        Map<String, Long> byCard = new TreeMap<>();
        request.getCardsList().forEach(c -> byCard.put(c.getCardId().getValue(), c.getPrincipal().getAmount()));
        return byCard;
    }

    @Test
    void aFailedDebitMakesTheStatementOverdueAndCardControlIsTold() throws InvalidProtocolBufferException {
        Statement statement = closedStatement(7_000);

        var failed = pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_FAILED);
        var failedAgain = pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_FAILED);

        assertTrue(failed.getChanged());
        assertFalse(failedAgain.getChanged(), "a second failed debit of an overdue statement changes nothing");
        assertEquals(PaymentStatus.PAYMENT_STATUS_OVERDUE, seenByMember(statement.getId()));
        List<OutboxEvent> overdue = events(OutboxEvent.Kind.STATEMENT_OVERDUE, statement.getId());
        assertEquals(1, overdue.size());
        var request = RecordStatementOverdueRequest.parseFrom(overdue.get(0).payload);
        assertEquals(statement.getId(), request.getStatementId());
        assertEquals(member, request.getMemberId().getValue());
    }

    @Test
    void payingAnOverdueStatementLiftsTheDecline() {
        Statement statement = closedStatement(7_000);
        pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_FAILED);

        var paid = pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_PAID);

        assertTrue(paid.getChanged());
        assertEquals(PaymentStatus.PAYMENT_STATUS_PAID, seenByMember(statement.getId()));
        // The paid event lifts card-control's decline (and gives the principal back) in one.
        assertEquals(1, events(OutboxEvent.Kind.STATEMENT_PAID, statement.getId()).size());
    }

    @Test
    void aSecondDifferentResultIsRefusedAndChangesNothing() {
        Statement statement = closedStatement(3_000);
        String paymentId = "pay-" + UUID.randomUUID();
        pay(paymentId, statement.getId(), PaymentResult.PAYMENT_RESULT_PAID);

        var reused = assertThrows(StatusRuntimeException.class,
                () -> pay(paymentId, statement.getId(), PaymentResult.PAYMENT_RESULT_FAILED));
        assertEquals(Status.Code.ALREADY_EXISTS, reused.getStatus().getCode());
        assertEquals("PAYMENT_ID_REUSED", ErrorDetails.reason(reused));

        var failedAfterPaid = assertThrows(StatusRuntimeException.class,
                () -> pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_FAILED));
        assertEquals(Status.Code.FAILED_PRECONDITION, failedAfterPaid.getStatus().getCode());
        assertEquals("STATEMENT_ALREADY_PAID", ErrorDetails.reason(failedAfterPaid));

        var paidTwice = assertThrows(StatusRuntimeException.class,
                () -> pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_PAID));
        assertEquals("STATEMENT_ALREADY_PAID", ErrorDetails.reason(paidTwice));

        assertEquals(PaymentStatus.PAYMENT_STATUS_PAID, seenByMember(statement.getId()));
        assertEquals(0, events(OutboxEvent.Kind.STATEMENT_OVERDUE, statement.getId()).size());
        assertEquals(1, events(OutboxEvent.Kind.STATEMENT_PAID, statement.getId()).size());
    }

    @Test
    void badPaymentsAreRefusedWithTheirReasons() {
        Statement statement = closedStatement(3_000);

        var missing = assertThrows(StatusRuntimeException.class,
                () -> pay("pay-" + UUID.randomUUID(), UUID.randomUUID().toString(), PaymentResult.PAYMENT_RESULT_PAID));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("STATEMENT_NOT_FOUND", ErrorDetails.reason(missing));
        var noResult = assertThrows(StatusRuntimeException.class,
                () -> pay("pay-" + UUID.randomUUID(), statement.getId(), PaymentResult.PAYMENT_RESULT_UNSPECIFIED));
        assertEquals(Status.Code.INVALID_ARGUMENT, noResult.getStatus().getCode());
        var noId = assertThrows(StatusRuntimeException.class,
                () -> pay("", statement.getId(), PaymentResult.PAYMENT_RESULT_PAID));
        assertEquals(Status.Code.INVALID_ARGUMENT, noId.getStatus().getCode());
        var member = assertThrows(StatusRuntimeException.class, () -> usage.member(this.member).recordPayment(
                RecordPaymentRequest.newBuilder().setPaymentId("pay-x").setStatementId(statement.getId())
                        .setResult(PaymentResult.PAYMENT_RESULT_PAID).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, member.getStatus().getCode());

        assertEquals(PaymentStatus.PAYMENT_STATUS_DUE, seenByMember(statement.getId()));
    }

    @Test
    void aReversalReleasesTheReservedCredit() throws InvalidProtocolBufferException {
        String authorization = Usage.newAuthorizationId();
        usage.cardControl().recordAuthorization(approval(authorization, member, card, 2_000, "店", jst(cycle, 9, 0)));

        usage.clearing().reverseAuthorization(ReverseAuthorizationRequest.newBuilder().setAuthorizationId(authorization).build());
        usage.clearing().reverseAuthorization(ReverseAuthorizationRequest.newBuilder().setAuthorizationId(authorization).build());

        List<OutboxEvent> released = events(OutboxEvent.Kind.CREDIT_RELEASE, authorization);
        assertEquals(1, released.size());
        var request = ReleaseAuthorizationRequest.parseFrom(released.get(0).payload);
        assertEquals(authorization, request.getAuthorizationId());
        assertEquals(dev.anshin.api.cardcontrol.v1.ReleaseReason.RELEASE_REASON_REVERSED, request.getReason());
    }

    @Test
    void anExpiredAuthorizationReleasesTheReservedCredit() throws InvalidProtocolBufferException {
        clock.reset();
        String authorization = Usage.newAuthorizationId();
        usage.cardControl().recordAuthorization(approval(authorization, member, card, 2_000, "店",
                Instant.now().minus(Duration.ofDays(31))));

        expiry.expire();
        expiry.expire();

        List<OutboxEvent> released = events(OutboxEvent.Kind.CREDIT_RELEASE, authorization);
        assertEquals(1, released.size());
        assertEquals(dev.anshin.api.cardcontrol.v1.ReleaseReason.RELEASE_REASON_EXPIRED,
                ReleaseAuthorizationRequest.parseFrom(released.get(0).payload).getReason());
    }
}
