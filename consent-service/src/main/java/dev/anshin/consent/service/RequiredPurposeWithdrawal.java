package dev.anshin.consent.service;

import dev.anshin.consent.Purpose;
import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A required purpose cannot be withdrawn while the contract lives; cancelling the contract is the way out. */
public class RequiredPurposeWithdrawal extends DomainException {

    public static final String REASON = "REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES";

    public RequiredPurposeWithdrawal(Purpose purpose) {
        super(Status.Code.FAILED_PRECONDITION, REASON, "consent to " + purpose + " is required while the card contract"
                + " lives and cannot be withdrawn on its own; to stop this use, cancel the card contract (after it ends,"
                + " the data is kept only for the purposes and periods of the clause, Art. 7). The issuer's and third"
                + " parties' marketing can be stopped at any time without affecting the contract.");
    }
}
