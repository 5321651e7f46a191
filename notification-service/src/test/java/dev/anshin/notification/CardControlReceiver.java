package dev.anshin.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationResponse;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsResponse;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for card-control-service (the RPCs notification-service calls), on a gRPC server bound to 127.0.0.1 on
 * a free port: it keeps every request it accepted and counts calls without a bearer token; while {@link #down} is
 * set it refuses every call with UNAVAILABLE (an outage). Shared by every test class (the application starts once).
 */
public class CardControlReceiver implements QuarkusTestResourceLifecycleManager {

    static final List<RecordUsageConfirmationRequest> confirmations = new CopyOnWriteArrayList<>();
    static final List<SuspendMemberCardsRequest> suspensions = new CopyOnWriteArrayList<>();
    static final AtomicInteger refused = new AtomicInteger();
    static final AtomicInteger callsWithoutToken = new AtomicInteger();
    static volatile boolean down;

    private Server server;

    @Override
    public Map<String, String> start() {
        ServerInterceptor requireToken = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                    io.grpc.ServerCallHandler<Q, R> next) {
                String authorization = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
                if (authorization == null || !authorization.startsWith("Bearer ")) {
                    callsWithoutToken.incrementAndGet();
                }
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        var cardControl = new CardControlServiceGrpc.CardControlServiceImplBase() {
            @Override
            public void recordUsageConfirmation(RecordUsageConfirmationRequest request,
                    StreamObserver<RecordUsageConfirmationResponse> response) {
                if (refuse(response)) {
                    return;
                }
                confirmations.add(request);
                response.onNext(RecordUsageConfirmationResponse.getDefaultInstance());
                response.onCompleted();
            }

            @Override
            public void suspendMemberCards(SuspendMemberCardsRequest request,
                    StreamObserver<SuspendMemberCardsResponse> response) {
                if (refuse(response)) {
                    return;
                }
                suspensions.add(request);
                response.onNext(SuspendMemberCardsResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(cardControl, requireToken)).build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // In test mode a gRPC client dials its test-port (default 9001), not its port.
        return Map.of("quarkus.grpc.clients.card-control.host", "127.0.0.1",
                "quarkus.grpc.clients.card-control.port", Integer.toString(server.getPort()),
                "quarkus.grpc.clients.card-control.test-port", Integer.toString(server.getPort()));
    }

    private static boolean refuse(StreamObserver<?> response) {
        if (down) {
            refused.incrementAndGet();
            response.onError(Status.UNAVAILABLE.withDescription("card-control is down (test)").asRuntimeException());
            return true;
        }
        return false;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
