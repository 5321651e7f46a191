package dev.anshin.consent.service;

import dev.anshin.consent.PrivacyRequestStatus;
import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A privacy request moved to a status that is not a next step of its flow from where it stands. */
public class IllegalStatusChange extends DomainException {

    public static final String REASON = "ILLEGAL_STATUS_CHANGE";

    public IllegalStatusChange(PrivacyRequestStatus from, PrivacyRequestStatus to) {
        super(Status.Code.FAILED_PRECONDITION, REASON, "a request " + from + " cannot move to " + to
                + (from.isFinal() ? " (" + from + " is final)" : "; next: " + from.next()));
    }
}
