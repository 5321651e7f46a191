package dev.anshin.consent;

import java.util.Set;

/**
 * Where a privacy request stands: received → identity verified → in progress → completed, partially completed or
 * rejected. A request may be rejected before it is in progress too (an identity that cannot be verified). The last
 * three are final.
 */
public enum PrivacyRequestStatus {
    RECEIVED,
    IDENTITY_VERIFIED,
    IN_PROGRESS,
    COMPLETED,
    PARTIALLY_COMPLETED,
    REJECTED;

    /** The statuses this one may move to. */
    public Set<PrivacyRequestStatus> next() {
        return switch (this) {
            case RECEIVED -> Set.of(IDENTITY_VERIFIED, REJECTED);
            case IDENTITY_VERIFIED -> Set.of(IN_PROGRESS, REJECTED);
            case IN_PROGRESS -> Set.of(COMPLETED, PARTIALLY_COMPLETED, REJECTED);
            case COMPLETED, PARTIALLY_COMPLETED, REJECTED -> Set.of();
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Partial completion and rejection must say why. */
    public boolean needsReason() {
        return this == PARTIALLY_COMPLETED || this == REJECTED;
    }
}
