package dev.anshin.gateway.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.Timestamp;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.statement.v1.ListStatementsResponse;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.PaymentStatus;
import dev.anshin.api.statement.v1.Statement;
import dev.anshin.api.statement.v1.StatementLine;

/** A monthly statement (ご利用代金明細): whole yen, dates in Japan time; lines only when one statement is asked for. */
@Schema(name = "Statement")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatementView(
        @Schema(description = "Opaque id") String id,
        @Schema(description = "The cycle's closing date (a 10th), YYYY-MM-DD", example = "2025-04-10") String closingDate,
        @Schema(description = "The debit date: the 4th of the next month, or the next business day", example = "2025-05-07") String paymentDate,
        @Schema(description = "Whole yen") long principalTotal,
        @Schema(description = "Whole yen: instalment and revolving fees") long feeTotal,
        @Schema(description = "Whole yen: principalTotal + feeTotal, the amount debited") long total,
        @Schema(description = "Whole yen: the revolving balance left after this statement's payment") long revolvingBalance,
        @Schema(description = "Per payment method (one statement only)") List<MethodTotalView> methodTotals,
        @Schema(description = "The lines (one statement only)") List<LineView> lines,
        @Schema(description = "Where its payment stands: DUE (not debited yet), PAID, or OVERDUE (the debit failed; new"
                + " purchases are declined until it is paid)", enumeration = { "DUE", "PAID", "OVERDUE" }) String paymentStatus) {

    /** What a statement bills for one payment method. */
    @Schema(name = "StatementMethodTotal")
    public record MethodTotalView(@Schema(enumeration = { "LUMP_SUM", "INSTALLMENTS", "REVOLVING" }) String paymentMethod,
            long principal, long fee, long total) {
    }

    /** One line: a purchase, one instalment of one, or the revolving payment (no transactionId, no card). */
    @Schema(name = "StatementLine")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineView(
            @Schema(description = "The usage item (as in /v1/transactions); absent on the revolving payment") String transactionId,
            String merchantName,
            @Schema(description = "ISO-8601 in UTC; absent on the revolving payment") String usedAt,
            TransactionView.CardRef card,
            @Schema(enumeration = { "LUMP_SUM", "INSTALLMENTS", "REVOLVING" }) String paymentMethod,
            @Schema(description = "INSTALLMENTS only: which one (1-based)") Integer installmentNumber,
            @Schema(description = "INSTALLMENTS only: of how many") Integer installmentCount,
            @Schema(description = "The purchase's whole amount; absent on the revolving payment") Long purchaseAmount,
            @Schema(description = "Principal billed on this statement") long principal,
            @Schema(description = "Fee billed on this statement") long fee) {
    }

    /** The body of {@code GET /v1/statements}: newest first. */
    @Schema(name = "StatementPage")
    public record Page(List<StatementView> statements,
            @Schema(description = "Pass as pageToken for the next page; absent on the last page")
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {

        static Page of(ListStatementsResponse response) {
            String next = response.getPageInfo().getNextPageToken();
            return new Page(response.getStatementsList().stream().map(StatementView::summary).toList(),
                    next.isEmpty() ? null : next);
        }
    }

    static StatementView summary(Statement statement) {
        return new StatementView(statement.getId(), date(statement.getClosingDate()).toString(),
                date(statement.getPaymentDate()).toString(), statement.getPrincipalTotal().getAmount(),
                statement.getFeeTotal().getAmount(), statement.getTotal().getAmount(),
                statement.getRevolvingBalance().getAmount(), null, null, paymentStatus(statement.getPaymentStatus()));
    }

    static StatementView of(Statement statement) {
        StatementView summary = summary(statement);
        return new StatementView(summary.id(), summary.closingDate(), summary.paymentDate(), summary.principalTotal(),
                summary.feeTotal(), summary.total(), summary.revolvingBalance(),
                statement.getMethodTotalsList().stream().map(t -> new MethodTotalView(method(t.getPaymentMethod()),
                        t.getPrincipal().getAmount(), t.getFee().getAmount(), t.getTotal().getAmount())).toList(),
                statement.getLinesList().stream().map(StatementView::line).toList(), summary.paymentStatus());
    }

    private static LineView line(StatementLine line) {
        return new LineView(
                line.getTransactionId().isEmpty() ? null : line.getTransactionId(),
                line.getMerchantName(),
                line.hasUsedAt() ? instant(line.getUsedAt()).toString() : null,
                line.hasCard() ? new TransactionView.CardRef(line.getCard().getCardId().getValue(),
                        line.getCard().getBrand(), line.getCard().getLast4()) : null,
                method(line.getPaymentMethod()),
                line.getInstallmentCount() > 0 ? line.getInstallmentNumber() : null,
                line.getInstallmentCount() > 0 ? line.getInstallmentCount() : null,
                line.hasPurchaseAmount() ? line.getPurchaseAmount().getAmount() : null,
                line.getPrincipal().getAmount(),
                line.getFee().getAmount());
    }

    /** Absent (unset) only from a statement-service older than payments: nothing was debited then. */
    static String paymentStatus(PaymentStatus status) {
        return ProtoNames.of(status == PaymentStatus.PAYMENT_STATUS_UNSPECIFIED || status == PaymentStatus.UNRECOGNIZED
                ? PaymentStatus.PAYMENT_STATUS_DUE : status, "PAYMENT_STATUS_");
    }

    static String method(PaymentMethod method) {
        return ProtoNames.of(method == PaymentMethod.PAYMENT_METHOD_UNSPECIFIED ? PaymentMethod.PAYMENT_METHOD_LUMP_SUM
                : method, "PAYMENT_METHOD_");
    }

    static LocalDate date(CalendarDate date) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
