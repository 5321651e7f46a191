package dev.anshin.cardcontrol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.notification.v1.AuthenticationCodeResult;
import dev.anshin.api.notification.v1.ConfirmationState;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeResponse;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeResponse;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeResponse;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationResponse;
import dev.anshin.api.notification.v1.UsageConfirmation;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
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
 * each event is refused {@link #FAILURES_PER_EVENT} times (UNAVAILABLE: as an item of a batch, with its whole call, or
 * in an answer missing a result) before it is accepted. Counts what was
 * accepted per event, and whether every call carried a bearer token. Resource arguments: {@code failures-per-event}
 * (0 accepts every event at once), {@code refused} (the kinds that refuse, comma-separated: STATEMENT_RECORD_AUTHORIZATION,
 * NOTIFICATION_USAGE, NOTIFICATION_USAGE_CONFIRMATION,
 * NOTIFICATION_CARD_STATUS, NOTIFICATION_AUTHENTICATION_CODE, NOTIFICATION_AUTHENTICATION_CHALLENGE; all of them unless
 * given; the others accept at once) and the relay's {@code poll-interval}. Every RPC card-control's relay calls is
 * answered (none UNIMPLEMENTED): other test classes leave 3-D Secure challenges' events in the shared database, and
 * this relay delivers them too.
 */
public class FlakyReceivers implements QuarkusTestResourceLifecycleManager {

    static final int FAILURES_PER_EVENT = 3;
    static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    static final AtomicInteger callsWithoutToken = new AtomicInteger();
    static final AtomicInteger wholeCallsRefused = new AtomicInteger();
    static final AtomicInteger incompleteAnswers = new AtomicInteger();

    private static volatile int failuresPerEvent = FAILURES_PER_EVENT;
    private static volatile Set<String> refusing;
    private String pollInterval = "1s";
    private Server server;

    @Override
    public void init(Map<String, String> args) {
        failuresPerEvent = Integer.parseInt(args.getOrDefault("failures-per-event", Integer.toString(FAILURES_PER_EVENT)));
        pollInterval = args.getOrDefault("poll-interval", "1s");
        refusing = args.containsKey("refused") ? Set.of(args.get("refused").split(",")) : null;
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
                Map.entry("anshin.outbox.poll-interval", pollInterval),
                Map.entry("anshin.outbox.initial-backoff", "PT0.05S"),
                Map.entry("anshin.outbox.max-backoff", "PT0.4S"));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** Counts this delivery of the event; true when it is accepted, false when it is one of the refusals. */
    private static boolean arrive(String kind, String eventId) {
        String key = kind + ":" + eventId;
        if (attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= failuresPerEvent
                && (refusing == null || refusing.contains(kind))) {
            return false;
        }
        accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return true;
    }

    private static ItemResult answer(String kind, String eventId) {
        return arrive(kind, eventId)
                ? ItemResult.newBuilder().setKey(eventId).build()
                : ItemResult.newBuilder().setKey(eventId).setCode(Status.Code.UNAVAILABLE.value()).setMessage("receiver busy").build();
    }

    private static <T> void answer(String kind, String eventId, T response, StreamObserver<T> observer) {
        if (arrive(kind, eventId)) {
            observer.onNext(response);
            observer.onCompleted();
        } else {
            observer.onError(Status.UNAVAILABLE.withDescription("receiver restarting").asRuntimeException());
        }
    }

    /**
     * Statement items: refused item by item, inside calls that succeed. Once, a call whose items are all due to be
     * refused is answered with one result missing: the relay must trust none of that answer and send them all again.
     */
    static class Statements extends StatementServiceGrpc.StatementServiceImplBase {
        @Override
        public void recordAuthorizations(RecordAuthorizationsRequest request, StreamObserver<RecordAuthorizationsResponse> observer) {
            List<ItemResult> results = new ArrayList<>();
            for (RecordAuthorizationRequest item : request.getItemsList()) {
                results.add(answer("STATEMENT_RECORD_AUTHORIZATION", item.getAuthorizationId()));
            }
            if (results.stream().allMatch(result -> result.getCode() != Status.Code.OK.value())
                    && incompleteAnswers.compareAndSet(0, 1)) {
                results.remove(results.size() - 1);
            }
            observer.onNext(RecordAuthorizationsResponse.newBuilder().addAllResults(results).build());
            observer.onCompleted();
        }
    }

    /**
     * Usage notices: a call whose items are all due to be refused fails as a whole (so the very first call does);
     * otherwise they are answered item by item. Either way each event is refused {@link #FAILURES_PER_EVENT} times.
     */
    static class Notifications extends NotificationServiceGrpc.NotificationServiceImplBase {
        @Override
        public void notifyUsages(NotifyUsagesRequest request, StreamObserver<NotifyUsagesResponse> observer) {
            List<ItemResult> results = new ArrayList<>();
            for (NotifyUsageRequest item : request.getItemsList()) {
                results.add(answer("NOTIFICATION_USAGE", item.getEventId()));
            }
            if (results.stream().allMatch(result -> result.getCode() != Status.Code.OK.value())) {
                wholeCallsRefused.incrementAndGet();
                observer.onError(Status.UNAVAILABLE.withDescription("receiver restarting").asRuntimeException());
                return;
            }
            observer.onNext(NotifyUsagesResponse.newBuilder().addAllResults(results).build());
            observer.onCompleted();
        }

        @Override
        public void startUsageConfirmation(StartUsageConfirmationRequest request, StreamObserver<StartUsageConfirmationResponse> observer) {
            // As notification-service answers for a member with no phone on file: recorded, nothing to send, OK.
            answer("NOTIFICATION_USAGE_CONFIRMATION", request.getEventId(), StartUsageConfirmationResponse.newBuilder()
                    .setConfirmation(UsageConfirmation.newBuilder().setAuthorizationId(request.getEventId())
                            .setState(ConfirmationState.CONFIRMATION_STATE_UNDELIVERABLE)).build(), observer);
        }

        @Override
        public void notifyCardStatusChange(NotifyCardStatusChangeRequest request, StreamObserver<NotifyCardStatusChangeResponse> observer) {
            answer("NOTIFICATION_CARD_STATUS", request.getEventId(), NotifyCardStatusChangeResponse.getDefaultInstance(), observer);
        }

        @Override
        public void sendAuthenticationCode(SendAuthenticationCodeRequest request, StreamObserver<SendAuthenticationCodeResponse> observer) {
            answer("NOTIFICATION_AUTHENTICATION_CODE", request.getChallengeId(), SendAuthenticationCodeResponse.newBuilder()
                    .setResult(AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_QUEUED).build(), observer);
        }

        @Override
        public void notifyAuthenticationChallenge(NotifyAuthenticationChallengeRequest request,
                StreamObserver<NotifyAuthenticationChallengeResponse> observer) {
            answer("NOTIFICATION_AUTHENTICATION_CHALLENGE", request.getChallengeId(),
                    NotifyAuthenticationChallengeResponse.getDefaultInstance(), observer);
        }
    }
}
