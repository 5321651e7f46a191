package dev.anshin.statement;

import java.util.Set;

/**
 * Where a dispute stands. Names match {@code anshin.statement.v1.DisputeStatus}. An operator moves it on: received →
 * investigating → upheld or rejected; upheld and rejected are final.
 */
public enum DisputeStatus {
    RECEIVED,
    INVESTIGATING,
    UPHELD,
    REJECTED;

    /** The statuses an operator may move a dispute in this status to. */
    public Set<DisputeStatus> next() {
        return switch (this) {
            case RECEIVED -> Set.of(INVESTIGATING);
            case INVESTIGATING -> Set.of(UPHELD, REJECTED);
            case UPHELD, REJECTED -> Set.of();
        };
    }
}
