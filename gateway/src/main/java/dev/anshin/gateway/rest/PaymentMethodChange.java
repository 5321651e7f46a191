package dev.anshin.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.gateway.problem.InvalidInputException;

/**
 * The body of {@code PUT /v1/transactions/{id}/payment-method} (あとからリボ・分割): {@code {"method":"INSTALLMENTS",
 * "installments":6}} or {@code {"method":"REVOLVING"}}. Read strictly (see {@link StrictJson}).
 */
@Schema(name = "PaymentMethodChange")
public record PaymentMethodChange(
        @Schema(required = true) Method method,
        @Schema(description = "INSTALLMENTS only: 2 to 24", minimum = "2", maximum = "24") Integer installments) {

    static final int MIN_INSTALLMENTS = 2;
    static final int MAX_INSTALLMENTS = 24;

    /** What a lump sum may be switched to. */
    public enum Method {
        INSTALLMENTS,
        REVOLVING
    }

    static PaymentMethodChange require(PaymentMethodChange body) {
        if (body == null) {
            throw new InvalidInputException("invalid-body", "A JSON body is required.");
        }
        if (body.method() == null) {
            throw new InvalidInputException("invalid-body", "Field 'method' is required: INSTALLMENTS or REVOLVING.");
        }
        if (body.method() == Method.INSTALLMENTS && (body.installments() == null
                || body.installments() < MIN_INSTALLMENTS || body.installments() > MAX_INSTALLMENTS)) {
            throw new InvalidInputException("invalid-installments",
                    "Field 'installments' is required for INSTALLMENTS: 2 to 24.");
        }
        if (body.method() == Method.REVOLVING && body.installments() != null) {
            throw new InvalidInputException("invalid-installments", "Field 'installments' is only for INSTALLMENTS.");
        }
        return body;
    }

    PaymentMethod contractMethod() {
        return method == Method.INSTALLMENTS ? PaymentMethod.PAYMENT_METHOD_INSTALLMENTS
                : PaymentMethod.PAYMENT_METHOD_REVOLVING;
    }

    int contractInstallments() {
        return installments == null ? 0 : installments;
    }
}
