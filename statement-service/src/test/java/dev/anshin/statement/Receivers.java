package dev.anshin.statement;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.cardcontrol.v1.CreditServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueResponse;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidResponse;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationResponse;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.api.notification.v1.NotifyStatementReadyResponse;
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
 * Stand-ins for notification-service and card-control's CreditService, on one gRPC server bound to 127.0.0.1 on a
 * free port. While {@link #down} is set they refuse every call (UNAVAILABLE: a receiver that is down); each event
 * is counted by what it announces (a statement, an authorization) and accepted once per event id, as the real
 * receivers do. Counts calls without a bearer token.
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    static volatile boolean down;
    /** Accepted deliveries by kind and key (statement id or authorization id). */
    static final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    /** Every call by kind and key, refused ones too. */
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** How often each event id reached a receiver that was up. */
    static final Map<String, AtomicInteger> deliveriesByEventId = new ConcurrentHashMap<>();
    static final AtomicInteger callsWithoutToken = new AtomicInteger();

    private Server server;

    private static boolean take(String kind, String key, String eventId, StreamObserver<?> answer) {
        calls.computeIfAbsent(kind + ":" + key, k -> new AtomicInteger()).incrementAndGet();
        if (down) {
            answer.onError(Status.UNAVAILABLE.withDescription("receiver is down").asRuntimeException());
            return false;
        }
        if (deliveriesByEventId.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet() == 1) {
            accepted.computeIfAbsent(kind + ":" + key, k -> new AtomicInteger()).incrementAndGet();
        }
        return true;
    }

    static int accepted(String kind, String key) {
        AtomicInteger count = accepted.get(kind + ":" + key);
        return count == null ? 0 : count.get();
    }

    static int calls(String kind, String key) {
        AtomicInteger count = calls.get(kind + ":" + key);
        return count == null ? 0 : count.get();
    }

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
        var notifications = new NotificationServiceGrpc.NotificationServiceImplBase() {
            @Override
            public void notifyStatementReady(NotifyStatementReadyRequest request,
                    StreamObserver<NotifyStatementReadyResponse> answer) {
                if (take("READY", request.getStatementId(), "ready:" + request.getStatementId(), answer)) {
                    answer.onNext(NotifyStatementReadyResponse.getDefaultInstance());
                    answer.onCompleted();
                }
            }
        };
        var credit = new CreditServiceGrpc.CreditServiceImplBase() {
            @Override
            public void releaseAuthorization(ReleaseAuthorizationRequest request,
                    StreamObserver<ReleaseAuthorizationResponse> answer) {
                if (take("RELEASE", request.getAuthorizationId(), request.getEventId(), answer)) {
                    answer.onNext(ReleaseAuthorizationResponse.newBuilder().setApplied(true).build());
                    answer.onCompleted();
                }
            }

            @Override
            public void recordStatementPaid(RecordStatementPaidRequest request,
                    StreamObserver<RecordStatementPaidResponse> answer) {
                if (take("PAID", request.getStatementId(), request.getEventId(), answer)) {
                    answer.onNext(RecordStatementPaidResponse.newBuilder().setApplied(true).build());
                    answer.onCompleted();
                }
            }

            @Override
            public void recordStatementOverdue(RecordStatementOverdueRequest request,
                    StreamObserver<RecordStatementOverdueResponse> answer) {
                if (take("OVERDUE", request.getStatementId(), request.getEventId(), answer)) {
                    answer.onNext(RecordStatementOverdueResponse.newBuilder().setApplied(true).build());
                    answer.onCompleted();
                }
            }
        };
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(ServerInterceptors.intercept(notifications, requireToken))
                    .addService(ServerInterceptors.intercept(credit, requireToken))
                    .build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String port = Integer.toString(server.getPort());
        // In test mode a gRPC client dials its test-port, not its port.
        return Map.ofEntries(
                Map.entry("quarkus.grpc.clients.notification.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.notification.port", port),
                Map.entry("quarkus.grpc.clients.notification.test-port", port),
                Map.entry("quarkus.grpc.clients.card-control.host", "127.0.0.1"),
                Map.entry("quarkus.grpc.clients.card-control.port", port),
                Map.entry("quarkus.grpc.clients.card-control.test-port", port),
                Map.entry("anshin.outbox.relay-enabled", "true"),
                Map.entry("anshin.outbox.poll-interval", "0.2s"),
                Map.entry("anshin.outbox.initial-backoff", "PT0.2S"),
                Map.entry("anshin.outbox.max-backoff", "PT0.5S"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
