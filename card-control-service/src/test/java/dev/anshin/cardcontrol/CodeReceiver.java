package dev.anshin.cardcontrol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.notification.v1.AuthenticationCodeResult;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeResponse;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for notification-service's 3-D Secure RPCs, on 127.0.0.1 and a free port. {@code SendAuthenticationCode}:
 * refuses each challenge's first call (UNAVAILABLE, so the relay retries), then keeps the code it was sent, as the SMS
 * would carry it. A member in {@link #noPhone} is answered UNDELIVERABLE, as notification-service answers a member
 * without a phone number on file. {@code NotifyAuthenticationChallenge}: likewise refuses each challenge's first call,
 * then keeps the request it took (in {@link #pushes}), as the push would show it.
 */
public class CodeReceiver implements QuarkusTestResourceLifecycleManager {

    static final Map<String, String> codes = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    static final Set<String> noPhone = ConcurrentHashMap.newKeySet();
    static final Map<String, NotifyAuthenticationChallengeRequest> pushes = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> pushCalls = new ConcurrentHashMap<>();
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(new NotificationServiceGrpc.NotificationServiceImplBase() {
                        @Override
                        public void sendAuthenticationCode(SendAuthenticationCodeRequest request,
                                StreamObserver<SendAuthenticationCodeResponse> observer) {
                            if (calls.computeIfAbsent(request.getChallengeId(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                                observer.onError(Status.UNAVAILABLE.withDescription("receiver restarting").asRuntimeException());
                                return;
                            }
                            boolean undeliverable = noPhone.contains(request.getMemberId().getValue());
                            if (!undeliverable) {
                                codes.put(request.getChallengeId(), request.getCode());
                            }
                            observer.onNext(SendAuthenticationCodeResponse.newBuilder()
                                    .setResult(undeliverable ? AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_UNDELIVERABLE
                                            : AuthenticationCodeResult.AUTHENTICATION_CODE_RESULT_QUEUED)
                                    .build());
                            observer.onCompleted();
                        }

                        @Override
                        public void notifyAuthenticationChallenge(NotifyAuthenticationChallengeRequest request,
                                StreamObserver<NotifyAuthenticationChallengeResponse> observer) {
                            if (pushCalls.computeIfAbsent(request.getChallengeId(), k -> new AtomicInteger()).incrementAndGet() == 1) {
                                observer.onError(Status.UNAVAILABLE.withDescription("receiver restarting").asRuntimeException());
                                return;
                            }
                            pushes.put(request.getChallengeId(), request);
                            observer.onNext(NotifyAuthenticationChallengeResponse.getDefaultInstance());
                            observer.onCompleted();
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String port = Integer.toString(server.getPort());
        return Map.of(
                "quarkus.grpc.clients.notification.host", "127.0.0.1",
                "quarkus.grpc.clients.notification.port", port,
                "quarkus.grpc.clients.notification.test-port", port,
                "anshin.outbox.relay-enabled", "true",
                "anshin.outbox.poll-interval", "PT0.2S",
                "anshin.outbox.initial-backoff", "PT0.05S",
                "anshin.outbox.max-backoff", "PT0.4S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
