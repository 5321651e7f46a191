package dev.anshin.gateway.client;

import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What every downstream client does the same way: tell outages from answers (the token and deadline: the kit's Downstream). */
final class DownstreamCalls {

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
