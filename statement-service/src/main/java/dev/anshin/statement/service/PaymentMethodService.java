package dev.anshin.statement.service;

import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.anshin.kit.error.InvalidRequestException;
import dev.anshin.statement.CardTransaction;
import dev.anshin.statement.PaymentMethod;
import dev.anshin.statement.TransactionStatus;
import dev.anshin.statement.repository.CardTransactionRepository;

/**
 * あとからリボ・分割: the member switches a posted lump-sum purchase to instalments or revolving, until a statement
 * bills it (its cycle closes). The item is locked for the switch, as the close locks what it bills, so a switch and a
 * close of the same item take turns: the switch either makes that statement or is refused with CYCLE_CLOSED.
 */
@ApplicationScoped
public class PaymentMethodService {

    private static final Pattern ITEM_ID = Pattern.compile("[0-9A-Za-z-]{1,36}");

    private final CardTransactionRepository items;

    public PaymentMethodService(CardTransactionRepository items) {
        this.items = items;
    }

    /** Switches the member's item; the same switch again answers the item unchanged. */
    @Transactional
    public CardTransaction change(String memberId, String itemId, PaymentMethod method, int installmentCount) {
        if (itemId == null || !ITEM_ID.matcher(itemId).matches()) {
            throw new InvalidRequestException("transaction_id is required (at most 36 letters, digits or hyphens)");
        }
        Integer count = check(method, installmentCount);
        CardTransaction item = items.lockOwned(memberId, itemId).orElseThrow(TransactionNotFoundException::new);
        if (item.status != TransactionStatus.POSTED) {
            throw new PaymentMethodConflict(PaymentMethodConflict.TRANSACTION_NOT_POSTED,
                    "only a posted purchase can be switched; this one is " + item.status.name().toLowerCase());
        }
        if (item.paymentMethod == method && Objects.equals(item.installmentCount, count)) {
            return item;
        }
        if (item.billedClosingDate != null) {
            throw new PaymentMethodConflict(PaymentMethodConflict.CYCLE_CLOSED,
                    "the purchase was billed on the statement of " + item.billedClosingDate + ": its cycle is closed");
        }
        if (item.paymentMethod != PaymentMethod.LUMP_SUM) {
            throw new PaymentMethodConflict(PaymentMethodConflict.PAYMENT_METHOD_ALREADY_CHANGED,
                    "only a lump-sum purchase can be switched; this one is paid by "
                            + item.paymentMethod.name().toLowerCase());
        }
        item.paymentMethod = method;
        item.installmentCount = count;
        return item;
    }

    /** The instalment count to store: 2..24 for instalments, none for revolving; any other method is refused. */
    private static Integer check(PaymentMethod method, int installmentCount) {
        if (method == PaymentMethod.INSTALLMENTS) {
            if (installmentCount < UsageRules.MIN_INSTALLMENTS || installmentCount > UsageRules.MAX_INSTALLMENTS) {
                throw new InvalidRequestException("installment_count must be from " + UsageRules.MIN_INSTALLMENTS
                        + " to " + UsageRules.MAX_INSTALLMENTS + " for INSTALLMENTS");
            }
            return installmentCount;
        }
        if (method == PaymentMethod.REVOLVING) {
            if (installmentCount != 0) {
                throw new InvalidRequestException("installment_count is only for INSTALLMENTS");
            }
            return null;
        }
        throw new InvalidRequestException("payment_method must be INSTALLMENTS or REVOLVING");
    }
}
