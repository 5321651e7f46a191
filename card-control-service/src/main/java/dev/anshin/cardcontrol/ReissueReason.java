package dev.anshin.cardcontrol;

/** Why a replacement that keeps the card number is wanted. */
public enum ReissueReason {
    DAMAGED(TransitionReason.REISSUE_DAMAGED),
    EXPIRING(TransitionReason.REISSUE_EXPIRING);

    private final TransitionReason reason;

    ReissueReason(TransitionReason reason) {
        this.reason = reason;
    }

    public TransitionReason reason() {
        return reason;
    }
}
