package dev.anshin.gateway.client;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.statement.v1.ChangePaymentMethodRequest;
import dev.anshin.api.statement.v1.Dispute;
import dev.anshin.api.statement.v1.DisputeTransactionRequest;
import dev.anshin.api.statement.v1.DisputeTransactionResponse;
import dev.anshin.api.statement.v1.GetDisputeRequest;
import dev.anshin.api.statement.v1.ListDisputesRequest;
import dev.anshin.api.statement.v1.ListDisputesResponse;
import dev.anshin.api.statement.v1.GetStatementRequest;
import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.ListStatementsRequest;
import dev.anshin.api.statement.v1.ListStatementsResponse;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.ListTransactionsResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.gateway.config.StatementConfig;
import dev.anshin.kit.grpc.Downstream;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's one way to statement-service. Like {@link CardControlClient}: it owns the deadline
 * ({@link StatementConfig}), the circuit breaker (every call, class level: each method keeps its own circuit),
 * retries (reads only, on outages only), and carries the signed-in member's token on every call.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class StatementClient {

    private static final String SERVICE = "statement-service";

    private final StatementServiceGrpc.StatementServiceBlockingStub stub;
    private final JsonWebToken token;
    private final Duration deadline;

    public StatementClient(@GrpcClient("statement") StatementServiceGrpc.StatementServiceBlockingStub stub,
            JsonWebToken token, StatementConfig config) {
        this.stub = stub;
        this.token = token;
        this.deadline = config.deadline();
    }

    /** One page of the member's usage; {@code cardId}, {@code from} and {@code to} may each be null (no filter). */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListTransactionsResponse listTransactions(String cardId, LocalDate from, LocalDate to, int pageSize,
            String pageToken) {
        var request = ListTransactionsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken));
        if (cardId != null) {
            request.setCardId(CardId.newBuilder().setValue(cardId));
        }
        if (from != null) {
            request.setFromDate(date(from));
        }
        if (to != null) {
            request.setToDate(date(to));
        }
        return DownstreamCalls.call(SERVICE, () -> member().listTransactions(request.build()));
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Transaction getTransaction(String transactionId) {
        return DownstreamCalls.call(SERVICE, () -> member().getTransaction(GetTransactionRequest.newBuilder()
                .setTransactionId(transactionId).build()).getTransaction());
    }

    /** One page of the member's statements, newest first, without lines. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListStatementsResponse listStatements(int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> member().listStatements(ListStatementsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken)).build()));
    }

    /** One of the member's statements with its lines and totals per payment method. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Statement getStatement(String statementId) {
        return DownstreamCalls.call(SERVICE, () -> member().getStatement(GetStatementRequest.newBuilder()
                .setStatementId(statementId).build()).getStatement());
    }

    /** Switches the member's posted lump-sum item to instalments or revolving (a change: never retried here). */
    public Transaction changePaymentMethod(String transactionId, PaymentMethod method, int installmentCount) {
        return DownstreamCalls.call(SERVICE, () -> member().changePaymentMethod(ChangePaymentMethodRequest.newBuilder()
                .setTransactionId(transactionId).setPaymentMethod(method).setInstallmentCount(installmentCount).build())
                .getTransaction());
    }

    /** Disputes the member's posted item; the item's first dispute when there is one (a change: never retried here). */
    public DisputeTransactionResponse disputeTransaction(String transactionId, String description) {
        return DownstreamCalls.call(SERVICE, () -> member().disputeTransaction(DisputeTransactionRequest.newBuilder()
                .setTransactionId(transactionId).setDescription(description).build()));
    }

    /** One page of the member's disputes, newest report first. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListDisputesResponse listDisputes(int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> member().listDisputes(ListDisputesRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken)).build()));
    }

    /** One of the member's disputes with its history. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Dispute getDispute(String disputeId) {
        return DownstreamCalls.call(SERVICE, () -> member().getDispute(GetDisputeRequest.newBuilder()
                .setDisputeId(disputeId).build()).getDispute());
    }

    private StatementServiceGrpc.StatementServiceBlockingStub member() {
        return Downstream.call(stub, token.getRawToken(), deadline);
    }

    private static CalendarDate date(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth())
                .build();
    }
}
