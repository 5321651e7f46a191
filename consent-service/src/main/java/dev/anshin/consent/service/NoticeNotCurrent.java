package dev.anshin.consent.service;

import dev.anshin.consent.Purpose;
import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** Consent is given to the notice in effect: an older version shown to the member is no longer the one to agree to. */
public class NoticeNotCurrent extends DomainException {

    public NoticeNotCurrent(Purpose purpose, String current) {
        super(Status.Code.FAILED_PRECONDITION, "NOTICE_NOT_CURRENT", "the notice of " + purpose + " in effect is version "
                + current + "; show it and consent to that version");
    }
}
