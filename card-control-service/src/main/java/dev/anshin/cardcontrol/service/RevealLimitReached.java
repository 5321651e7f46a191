package dev.anshin.cardcontrol.service;

import java.time.Duration;

/** A numberless card's details were revealed as often as allowed in the past hour. */
public class RevealLimitReached extends RuntimeException {

    private final Duration retryAfter;

    public RevealLimitReached(int limit, Duration retryAfter) {
        super("the card's details were already revealed " + limit + " times in the past hour");
        this.retryAfter = retryAfter;
    }

    /** How long until the oldest reveal of the window leaves it. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
