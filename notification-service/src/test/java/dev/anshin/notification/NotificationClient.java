package dev.anshin.notification;

import java.net.URI;
import java.util.UUID;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** A real gRPC client of the service under test, on the port Quarkus picked, with the caller's bearer token. */
public final class NotificationClient implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    public NotificationClient(URI baseUri) {
        this.channel = ManagedChannelBuilder.forAddress(baseUri.getHost(), baseUri.getPort()).usePlaintext().build();
    }

    /** The channel without a token. */
    public ManagedChannel channel() {
        return channel;
    }

    /** The channel sending {@code token} as the bearer token of every call. */
    public Channel channel(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    public NotificationServiceGrpc.NotificationServiceBlockingStub as(String token) {
        return NotificationServiceGrpc.newBlockingStub(channel(token));
    }

    public NotificationServiceGrpc.NotificationServiceBlockingStub anonymous() {
        return NotificationServiceGrpc.newBlockingStub(channel);
    }

    /** A fresh member id, so tests never see each other's rows. */
    public static String newMemberId() {
        return "member-" + UUID.randomUUID();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
