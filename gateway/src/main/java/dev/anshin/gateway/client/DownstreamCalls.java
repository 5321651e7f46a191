package dev.anshin.gateway.client;

import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

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
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                throw new DownstreamUnavailableException(service, e);
            }
            throw e;
        }
    }
}
