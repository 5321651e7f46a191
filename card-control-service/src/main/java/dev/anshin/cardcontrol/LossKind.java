package dev.anshin.cardcontrol;

/** What happened to a card reported by its member (紛失・盗難, or details typed into a suspicious site). */
public enum LossKind {
    LOST(TransitionReason.REPORTED_LOST),
    STOLEN(TransitionReason.REPORTED_STOLEN),
    COMPROMISED(TransitionReason.REPORTED_COMPROMISED);

    private final TransitionReason reason;

    LossKind(TransitionReason reason) {
        this.reason = reason;
    }

    public TransitionReason reason() {
        return reason;
    }
}
