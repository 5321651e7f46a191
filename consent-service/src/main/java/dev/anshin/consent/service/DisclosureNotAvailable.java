package dev.anshin.consent.service;

import dev.anshin.consent.PrivacyRequestStatus;
import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A request whose export cannot be downloaded: it is not a disclosure, or its export is not (or no longer) given. */
public class DisclosureNotAvailable extends DomainException {

    public static final String NOT_A_DISCLOSURE = "NOT_A_DISCLOSURE";
    public static final String NOT_READY = "DISCLOSURE_NOT_READY";

    private DisclosureNotAvailable(String reason, String message) {
        super(Status.Code.FAILED_PRECONDITION, reason, message);
    }

    static DisclosureNotAvailable notADisclosure() {
        return new DisclosureNotAvailable(NOT_A_DISCLOSURE, "the request is not a disclosure request: it has no export");
    }

    static DisclosureNotAvailable notReady(PrivacyRequestStatus status) {
        return new DisclosureNotAvailable(NOT_READY, "the disclosure is " + status
                + ": its export is given once the request is in progress (and never for a rejected one)");
    }
}
