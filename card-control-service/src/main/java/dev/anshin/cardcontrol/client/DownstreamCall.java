package dev.anshin.cardcontrol.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** How card-control calls another service: its own bearer token and a deadline on every call. */
final class DownstreamCall {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private DownstreamCall() {
    }

    static <S extends AbstractStub<S>> S prepare(S stub, String accessToken, Duration deadline) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + accessToken);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
