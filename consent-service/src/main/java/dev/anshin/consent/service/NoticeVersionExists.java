package dev.anshin.consent.service;

import dev.anshin.consent.Purpose;
import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A published notice version is never edited: a new wording needs a new version. */
public class NoticeVersionExists extends DomainException {

    public NoticeVersionExists(Purpose purpose, String version) {
        super(Status.Code.ALREADY_EXISTS, "NOTICE_VERSION_EXISTS", "the notice of " + purpose + " has a version "
                + version + " already; published notices are never edited, publish a new version");
    }
}
