package dev.anshin.notification.service;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/** A request this service's rules refuse; nothing was changed. */
public class NotificationRuleViolation extends DomainException {

    public NotificationRuleViolation(Status.Code status, String reason, String message) {
        super(status, reason, message);
    }

    /** UpdatePreferences carried contact details other than those on file: they change only with two-step. */
    public static NotificationRuleViolation contactChangeNeedsTwoStep() {
        return new NotificationRuleViolation(Status.Code.INVALID_ARGUMENT, "CONTACT_CHANGE_NEEDS_TWO_STEP",
                "contact details change only through UpdateContactDetails, which needs a two-step login");
    }
}
