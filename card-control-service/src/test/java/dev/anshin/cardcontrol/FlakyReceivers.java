package dev.anshin.cardcontrol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsageResponse;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
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
 * Stand-ins for statement-service and notification-service, on one gRPC server bound to 127.0.0.1 on a free port:
 * each event is refused {@link #FAILURES_PER_EVENT} times (UNAVAILABLE) before it is accepted. Counts what was
 * accepted per event, and whether every call carried a bearer token.
 */
public class FlakyReceivers implements QuarkusTestResourceLifecycleManager {

    static final int FAILURES_PER_EVENT = 3;
    static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    static final AtomicInteger callsWithoutToken = new AtomicInteger();

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
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(new Statements(), requireToken))
                    .addService(ServerInterceptors.intercept(new Notifications(), requireToken))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String port = Integer.toString(server.getPort());
        return Map.ofEntries(
                Map.entry("quarkus.grpc.clients.statement.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.statement.port", port),
                Map.entry("quarkus.grpc.clients.statement.test-port", port),
                Map.entry("quarkus.grpc.clients.notification.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.notification.port", port),
                Map.entry("quarkus.grpc.clients.notification.test-port", port),
                Map.entry("anshin.outbox.relay-enabled", "true"),
                Map.entry("anshin.outbox.poll-interval", "1s"),
                Map.entry("anshin.outbox.initial-backoff", "PT0.05S"),
                Map.entry("anshin.outbox.max-backoff", "PT0.4S"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** True when this delivery is accepted; false when it is one of the refusals. */
    private static boolean arrive(String kind, String eventId) {
        String key = kind + ":" + eventId;
        if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= FAILURES_PER_EVENT) {
            return false;
        }
        accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return true;
    }

    private static <T> void answer(String kind, String eventId, T response, StreamObserver<T> observer) {
        if (arrive(kind, eventId)) {
            observer.onNext(response);
            observer.onCompleted();
        } else {
            observer.onError(Status.UNAVAILABLE.withDescription("receiver restarting").asRuntimeException());
        }
    }

    static class Statements extends StatementServiceGrpc.StatementServiceImplBase {
        @Override
        public void recordAuthorization(RecordAuthorizationRequest request, StreamObserver<RecordAuthorizationResponse> observer) {
            answer("STATEMENT_RECORD_AUTHORIZATION", request.getAuthorizationId(), RecordAuthorizationResponse.getDefaultInstance(), observer);
        }
    }

    static class Notifications extends NotificationServiceGrpc.NotificationServiceImplBase {
        @Override
        public void notifyUsage(NotifyUsageRequest request, StreamObserver<NotifyUsageResponse> observer) {
            answer("NOTIFICATION_USAGE", request.getEventId(), NotifyUsageResponse.getDefaultInstance(), observer);
        }

        @Override
        public void startUsageConfirmation(StartUsageConfirmationRequest request, StreamObserver<StartUsageConfirmationResponse> observer) {
            answer("NOTIFICATION_USAGE_CONFIRMATION", request.getEventId(), StartUsageConfirmationResponse.getDefaultInstance(), observer);
        }
    }
}
