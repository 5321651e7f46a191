package dev.anshin.gateway.client;

import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

/** What every downstream client does the same way: tell outages from answers (the token and deadline: the kit's Downstream). */
final class DownstreamCalls {

    /**
     * Every client's read policy: a read is tried at most three times, 50 ms (± 25) apart, when the service did not
     * answer (an outage only, {@link DownstreamUnavailableException}); a write is never retried.
     */
    static final int READ_RETRIES = 2;
    static final long READ_RETRY_DELAY_MILLIS = 50;
    static final long READ_RETRY_JITTER_MILLIS = 25;

    private DownstreamCalls() {
    }

    /**
     * Runs the call; an outage (UNAVAILABLE, DEADLINE_EXCEEDED) becomes {@link DownstreamUnavailableException} so the
     * circuit breaker and retries see outages only, never a service's answer such as NOT_FOUND.
     */
    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw outageOrAnswer(service, e);
        }
    }

    /**
     * {@link #call(String, Supplier)} for a call that does not hold a thread while it waits: {@code call} makes a new
     * call (with a deadline of its own) on every subscription, so a retry is a new call, never the first one's
     * deadline spent.
     */
    static <T> Uni<T> callAsync(String service, Supplier<Uni<T>> call) {
        return Uni.createFrom().<T>deferred(call::get)
                .onFailure(StatusRuntimeException.class)
                .transform(e -> outageOrAnswer(service, (StatusRuntimeException) e));
    }

    private static RuntimeException outageOrAnswer(String service, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return new DownstreamUnavailableException(service, e);
        }
        return e;
    }
}
