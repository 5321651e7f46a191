package dev.anshin.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.anshin.statement.mapping.StatementMapper;

/** Every stored enum value has its contract value, so no row can hold something the API cannot show. */
class StatementMapperTest {

    @Test
    void everyStoredEnumValueHasAContractValueOfTheSameName() {
        for (PaymentMethod method : PaymentMethod.values()) {
            assertEquals(method, StatementMapper.toDomain(StatementMapper.toProto(method)));
        }
        for (TransactionStatus status : TransactionStatus.values()) {
            assertEquals("TRANSACTION_STATUS_" + status.name(), StatementMapper.toProto(status).name());
        }
    }

    @Test
    void anUnsetPaymentMethodIsALumpSum() {
        assertEquals(PaymentMethod.LUMP_SUM,
                StatementMapper.toDomain(dev.anshin.api.statement.v1.PaymentMethod.PAYMENT_METHOD_UNSPECIFIED));
    }
}
