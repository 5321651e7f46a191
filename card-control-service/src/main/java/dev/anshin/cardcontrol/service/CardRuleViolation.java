package dev.anshin.cardcontrol.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A request the card's current state does not allow. Nothing was changed. */
public class CardRuleViolation extends DomainException {

    /** Machine-readable reasons, stable across versions (clients branch on them). */
    public enum Code {
        CARD_CLOSED,
        CARD_NOT_ACTIVATED,
        CARD_ON_FRAUD_HOLD,
        FRAUD_HOLD_NOT_MEMBER_LIFTABLE,
        CARD_NOT_AWAITING_ACTIVATION,
        CARD_NOT_ON_FRAUD_HOLD,
        NOT_NUMBERLESS,
        VERSION_MISMATCH,
        CONTRACT_LIMIT_MISMATCH
    }

    private final Code code;

    public CardRuleViolation(Code code, String message) {
        super(Status.Code.FAILED_PRECONDITION, code.name(), message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
