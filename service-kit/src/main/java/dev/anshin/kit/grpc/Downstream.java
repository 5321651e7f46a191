package dev.anshin.kit.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/**
 * How a service (or the gateway) calls another service: a bearer token on the call, the caller's own (client
 * credentials) or the member's it is acting for, and a deadline, so a hung service never holds the caller forever.
 */
public final class Downstream {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private Downstream() {
    }

    /** The stub sending {@code accessToken} as the bearer token, with a deadline {@code deadline} from now. */
    public static <S extends AbstractStub<S>> S call(S stub, String accessToken, Duration deadline) {
        return withToken(stub, accessToken).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The stub sending {@code accessToken} as the bearer token of every call. */
    public static <S extends AbstractStub<S>> S withToken(S stub, String accessToken) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
