package dev.anshin.kit.testing;

import java.net.URI;
import java.util.UUID;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;

/** A real gRPC client of the service under test, on the port Quarkus picked, with the caller's bearer token. */
public class GrpcTestClient implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;

    public GrpcTestClient(URI baseUri) {
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

    /** Calls a unary RPC with its request message's default instance. */
    public static <ReqT, RespT> RespT callWithEmptyRequest(Channel channel, MethodDescriptor<ReqT, RespT> rpc) {
        @SuppressWarnings("unchecked")
        var marshaller = (MethodDescriptor.PrototypeMarshaller<ReqT>) rpc.getRequestMarshaller();
        return ClientCalls.blockingUnaryCall(channel, rpc, CallOptions.DEFAULT, marshaller.getMessagePrototype());
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
