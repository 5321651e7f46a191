package dev.anshin.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationResponse;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Stand-ins for statement-service (RecordAuthorizations) and notification-service (NotifyUsages,
 * StartUsageConfirmation) on one grpc-java server on a free port of 127.0.0.1. They acknowledge everything at once, so
 * what the bench sees of the outbox is card-control's relay alone; they count distinct events (the receivers'
 * deduplication key), repeated deliveries, and calls that came without a bearer token.
 */
final class Receivers implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Set<String> distinct = ConcurrentHashMap.newKeySet();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong statementEvents = new AtomicLong();
    private final AtomicLong usageEvents = new AtomicLong();
    private final AtomicLong confirmationEvents = new AtomicLong();
    private final AtomicLong callsWithoutToken = new AtomicLong();
    private final Server server;

    private Receivers() throws IOException {
        ServerInterceptor countTokens = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                String authorization = headers.get(AUTHORIZATION);
                if (authorization == null || !authorization.startsWith("Bearer ")) {
                    callsWithoutToken.incrementAndGet();
                }
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new Statements(), countTokens))
                .addService(ServerInterceptors.intercept(new Notifications(), countTokens))
                .build()
                .start();
    }

    static Receivers start() throws IOException {
        return new Receivers();
    }

    int port() {
        return server.getPort();
    }

    /** Distinct events acknowledged so far (a repeated delivery of one event counts once). */
    long events() {
        return distinct.size();
    }

    /** Calls received (a batch call carries many events). */
    long calls() {
        return calls.get();
    }

    /** Events received, counting each repeated delivery of one event. */
    long deliveries() {
        return deliveries.get();
    }

    long statementEvents() {
        return statementEvents.get();
    }

    long usageEvents() {
        return usageEvents.get();
    }

    long confirmationEvents() {
        return confirmationEvents.get();
    }

    long callsWithoutToken() {
        return callsWithoutToken.get();
    }

    /** Counts one delivery of one event; its result for a batch answer. */
    private ItemResult acknowledge(String type, String eventId, AtomicLong perType) {
        deliveries.incrementAndGet();
        if (distinct.add(type + ":" + eventId)) {
            perType.incrementAndGet();
        }
        return ItemResult.newBuilder().setKey(eventId).build();
    }

    private static <T> void answer(T response, StreamObserver<T> observer) {
        observer.onNext(response);
        observer.onCompleted();
    }

    private final class Statements extends StatementServiceGrpc.StatementServiceImplBase {
        @Override
        public void recordAuthorizations(RecordAuthorizationsRequest request, StreamObserver<RecordAuthorizationsResponse> observer) {
            calls.incrementAndGet();
            RecordAuthorizationsResponse.Builder response = RecordAuthorizationsResponse.newBuilder();
            for (RecordAuthorizationRequest item : request.getItemsList()) {
                response.addResults(acknowledge("statement", item.getAuthorizationId(), statementEvents));
            }
            answer(response.build(), observer);
        }
    }

    private final class Notifications extends NotificationServiceGrpc.NotificationServiceImplBase {
        @Override
        public void notifyUsages(NotifyUsagesRequest request, StreamObserver<NotifyUsagesResponse> observer) {
            calls.incrementAndGet();
            NotifyUsagesResponse.Builder response = NotifyUsagesResponse.newBuilder();
            for (NotifyUsageRequest item : request.getItemsList()) {
                response.addResults(acknowledge("usage", item.getEventId(), usageEvents));
            }
            answer(response.build(), observer);
        }

        @Override
        public void startUsageConfirmation(StartUsageConfirmationRequest request,
                StreamObserver<StartUsageConfirmationResponse> observer) {
            calls.incrementAndGet();
            acknowledge("confirmation", request.getEventId(), confirmationEvents);
            answer(StartUsageConfirmationResponse.getDefaultInstance(), observer);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
    }
}
