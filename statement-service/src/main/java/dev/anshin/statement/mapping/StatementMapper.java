package dev.anshin.statement.mapping;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.TransactionStatus;

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

    /** The contract says an unset payment method is a lump sum; null for a value this version does not know. */
    public static PaymentMethod toDomain(dev.anshin.api.statement.v1.PaymentMethod method) {
        return switch (method) {
            case PAYMENT_METHOD_UNSPECIFIED, PAYMENT_METHOD_LUMP_SUM -> PaymentMethod.LUMP_SUM;
            case PAYMENT_METHOD_INSTALLMENTS -> PaymentMethod.INSTALLMENTS;
            case PAYMENT_METHOD_REVOLVING -> PaymentMethod.REVOLVING;
            default -> null;
        };
    }
}
