package dev.anshin.gateway.client;

import java.util.function.Supplier;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** What every downstream client does the same way: carry the member's token, tell outages from answers. */
final class DownstreamCalls {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private DownstreamCalls() {
    }

    /** The stub, sending the caller's bearer token so the service verifies the member itself. */
    static <S extends AbstractStub<S>> S withToken(S stub, String rawToken) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + rawToken);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
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
