package dev.anshin.cardcontrol.service;

import java.time.Duration;
import java.util.List;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;

import dev.anshin.kit.error.DomainException;
import io.grpc.Status;

/**
 * A numberless card's details were revealed as often as allowed in the past hour. The refusal carries a
 * {@code google.rpc.RetryInfo} saying when the next reveal is allowed.
 */
public class RevealLimitReached extends DomainException {

    private final Duration retryAfter;

    public RevealLimitReached(int limit, Duration retryAfter) {
        super(Status.Code.RESOURCE_EXHAUSTED, "REVEAL_LIMIT_REACHED",
                "the card's details were already revealed " + limit + " times in the past hour");
        this.retryAfter = retryAfter;
    }

    /** How long until the oldest reveal of the window leaves it. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public List<Any> details() {
        return List.of(Any.pack(RetryInfo.newBuilder()
                .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(Math.max(1, retryAfter.toSeconds())))
                .build()));
    }
}
