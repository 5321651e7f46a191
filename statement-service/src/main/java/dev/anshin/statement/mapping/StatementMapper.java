package dev.anshin.statement.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.Timestamp;

import dev.anshin.api.common.v1.Actor;
import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.statement.v1.DisputeStatusChange;
import dev.anshin.api.statement.v1.MaskedCard;
import dev.anshin.api.statement.v1.MethodTotal;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.Dispute;
import dev.anshin.statement.DisputeEvent;
import dev.anshin.statement.DisputeStatus;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.PaymentResult;
import dev.anshin.statement.PaymentStatus;
import dev.anshin.statement.Statement;
import dev.anshin.statement.StatementLine;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.service.DisputeService;
import dev.anshin.statement.service.StatementService;
import dev.anshin.statement.service.UsedCard;

/**
 * Domain to contract and back. The stored enum names are the contract's names without their prefix
 * ({@code REVOLVING} is {@code PAYMENT_METHOD_REVOLVING}), so a stored value always has a contract value.
 */
@ApplicationScoped
public class StatementMapper {

    public static dev.anshin.api.statement.v1.PaymentMethod toProto(PaymentMethod method) {
        return dev.anshin.api.statement.v1.PaymentMethod.valueOf("PAYMENT_METHOD_" + method.name());
    }

    public static dev.anshin.api.statement.v1.TransactionStatus toProto(TransactionStatus status) {
        return dev.anshin.api.statement.v1.TransactionStatus.valueOf("TRANSACTION_STATUS_" + status.name());
    }

    public static dev.anshin.api.statement.v1.PaymentStatus toProto(PaymentStatus status) {
        return dev.anshin.api.statement.v1.PaymentStatus.valueOf("PAYMENT_STATUS_" + status.name());
    }

    /** A debit result from billing; null when not given (refused by the service). */
    public static PaymentResult toDomain(dev.anshin.api.statement.v1.PaymentResult result) {
        return switch (result) {
            case PAYMENT_RESULT_PAID -> PaymentResult.PAID;
            case PAYMENT_RESULT_FAILED -> PaymentResult.FAILED;
            default -> null;
        };
    }

    /** The contract says an unset payment method is a lump sum; null for a value this version does not know. */
    public static PaymentMethod toDomain(dev.anshin.api.statement.v1.PaymentMethod method) {
        return switch (method) {
            case PAYMENT_METHOD_UNSPECIFIED, PAYMENT_METHOD_LUMP_SUM -> PaymentMethod.LUMP_SUM;
            case PAYMENT_METHOD_INSTALLMENTS -> PaymentMethod.INSTALLMENTS;
            case PAYMENT_METHOD_REVOLVING -> PaymentMethod.REVOLVING;
            default -> null;
        };
    }

    public static dev.anshin.api.statement.v1.DisputeStatus toProto(DisputeStatus status) {
        return dev.anshin.api.statement.v1.DisputeStatus.valueOf("DISPUTE_STATUS_" + status.name());
    }

    /** null for UNSPECIFIED or a value this version does not know. */
    public static DisputeStatus toDomain(dev.anshin.api.statement.v1.DisputeStatus status) {
        return switch (status) {
            case DISPUTE_STATUS_RECEIVED -> DisputeStatus.RECEIVED;
            case DISPUTE_STATUS_INVESTIGATING -> DisputeStatus.INVESTIGATING;
            case DISPUTE_STATUS_UPHELD -> DisputeStatus.UPHELD;
            case DISPUTE_STATUS_REJECTED -> DisputeStatus.REJECTED;
            default -> null;
        };
    }

    /** A dispute as lists show it: with its item's merchant, amount, use time and masked card; no history. */
    public dev.anshin.api.statement.v1.Dispute toProto(Dispute dispute) {
        CardTransaction item = dispute.transaction;
        var proto = dev.anshin.api.statement.v1.Dispute.newBuilder()
                .setId(dispute.id)
                .setTransactionId(item.id)
                .setStatus(toProto(dispute.status))
                .setCompensationEligible(dispute.compensationEligible)
                .setReportedAt(timestamp(dispute.reportedAt))
                .setDescription(dispute.description)
                .setMerchantName(item.merchantName)
                .setAmount(yen(item.amount))
                .setUsedAt(timestamp(item.usedAt))
                .setCard(MaskedCard.newBuilder()
                        .setCardId(CardId.newBuilder().setValue(item.cardId))
                        .setBrand(item.cardBrand)
                        .setLast4(item.cardLast4))
                .setMemberId(MemberId.newBuilder().setValue(dispute.memberId))
                .setUpdatedAt(timestamp(dispute.updatedAt));
        if (dispute.statusReason != null) {
            proto.setStatusReason(dispute.statusReason);
        }
        return proto.build();
    }

    /** A dispute with its history, oldest first. */
    public dev.anshin.api.statement.v1.Dispute toProto(DisputeService.Detail detail) {
        var proto = toProto(detail.dispute()).toBuilder();
        for (DisputeEvent event : detail.history()) {
            var change = DisputeStatusChange.newBuilder()
                    .setToStatus(toProto(event.toStatus))
                    .setActor(Actor.newBuilder()
                            .setKind(dev.anshin.api.common.v1.ActorKind.valueOf("ACTOR_KIND_" + event.actorKind.name()))
                            .setId(event.actorId))
                    .setOccurredAt(timestamp(event.occurredAt));
            if (event.fromStatus != null) {
                change.setFromStatus(toProto(event.fromStatus));
            }
            if (event.reason != null) {
                change.setReason(event.reason);
            }
            proto.addHistory(change);
        }
        return proto.build();
    }

    /** A dispute with its history as the member is shown it: who of the staff moved it is not theirs to see. */
    public dev.anshin.api.statement.v1.Dispute toDisclosed(DisputeService.Detail detail) {
        var proto = toProto(detail).toBuilder();
        for (var change : proto.getHistoryBuilderList()) {
            if (change.getActor().getKind() != dev.anshin.api.common.v1.ActorKind.ACTOR_KIND_MEMBER) {
                change.getActorBuilder().clearId();
            }
        }
        return proto.build();
    }

    /** A usage line as the contract shows it: the card masked (brand and last four digits), whole yen. */
    public Transaction toProto(CardTransaction item) {
        var transaction = Transaction.newBuilder()
                .setId(item.id)
                .setCard(MaskedCard.newBuilder()
                        .setCardId(CardId.newBuilder().setValue(item.cardId))
                        .setBrand(item.cardBrand)
                        .setLast4(item.cardLast4))
                .setMerchantName(item.merchantName)
                .setAmount(Yen.newBuilder().setAmount(item.amount))
                .setPaymentMethod(toProto(item.paymentMethod))
                .setStatus(toProto(item.status))
                .setUsedAt(timestamp(item.usedAt))
                .setDisputed(item.disputed);
        if (item.installmentCount != null) {
            transaction.setInstallmentCount(item.installmentCount);
        }
        if (item.postedAt != null) {
            transaction.setPostedAt(timestamp(item.postedAt));
        }
        return transaction.build();
    }

    /** A statement as ListStatements shows it: dates and totals, no lines. */
    public dev.anshin.api.statement.v1.Statement toProto(Statement statement) {
        return dev.anshin.api.statement.v1.Statement.newBuilder()
                .setId(statement.id)
                .setClosingDate(calendarDate(statement.closingDate))
                .setPaymentDate(calendarDate(statement.paymentDate))
                .setPrincipalTotal(yen(statement.principalTotal))
                .setFeeTotal(yen(statement.feeTotal))
                .setTotal(yen(statement.total()))
                .setRevolvingBalance(yen(statement.revolvingBalance))
                .setPaymentStatus(toProto(statement.paymentStatus))
                .build();
    }

    /** A statement as GetStatement shows it: with its lines and its totals per payment method. */
    public dev.anshin.api.statement.v1.Statement toProto(StatementService.Detail detail) {
        var statement = toProto(detail.statement()).toBuilder();
        for (StatementLine line : detail.lines()) {
            statement.addLines(toProto(line));
        }
        for (StatementService.MethodTotal total : detail.totals()) {
            statement.addMethodTotals(MethodTotal.newBuilder()
                    .setPaymentMethod(toProto(total.method()))
                    .setPrincipal(yen(total.principal()))
                    .setFee(yen(total.fee()))
                    .setTotal(yen(total.total())));
        }
        return statement.build();
    }

    private static dev.anshin.api.statement.v1.StatementLine toProto(StatementLine line) {
        var proto = dev.anshin.api.statement.v1.StatementLine.newBuilder()
                .setMerchantName(line.merchantName)
                .setPaymentMethod(toProto(line.paymentMethod))
                .setPrincipal(yen(line.principal))
                .setFee(yen(line.fee));
        if (line.transactionId != null) {
            proto.setTransactionId(line.transactionId);
        }
        if (line.usedAt != null) {
            proto.setUsedAt(timestamp(line.usedAt));
        }
        if (line.cardId != null) {
            proto.setCard(MaskedCard.newBuilder()
                    .setCardId(CardId.newBuilder().setValue(line.cardId))
                    .setBrand(line.cardBrand)
                    .setLast4(line.cardLast4));
        }
        if (line.installmentNumber != null) {
            proto.setInstallmentNumber(line.installmentNumber).setInstallmentCount(line.installmentCount);
        }
        if (line.purchaseAmount != null) {
            proto.setPurchaseAmount(yen(line.purchaseAmount));
        }
        return proto.build();
    }

    private static Yen yen(long amount) {
        return Yen.newBuilder().setAmount(amount).build();
    }

    private static CalendarDate calendarDate(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue())
                .setDay(date.getDayOfMonth()).build();
    }

    public static UsedCard toDomain(MaskedCard card) {
        return new UsedCard(card.getCardId().getValue(), card.getBrand(), card.getLast4());
    }

    /**
     * A time of the contract; null when the field is unset. One beyond what an Instant holds becomes the farthest
     * Instant that way, which the rules then refuse as out of range (for one item of a batch, not the whole call).
     */
    public static Instant instant(boolean present, Timestamp timestamp) {
        if (!present) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
        } catch (DateTimeException | ArithmeticException e) {
            return timestamp.getSeconds() < 0 ? Instant.MIN : Instant.MAX;
        }
    }

    /** A JST calendar date of the contract; null when the field is unset, refused when it is no date. */
    public static LocalDate date(boolean present, CalendarDate date, String field) {
        if (!present) {
            return null;
        }
        try {
            return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
        } catch (DateTimeException e) {
            throw new InvalidRequestException(field + " is not a calendar date");
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
