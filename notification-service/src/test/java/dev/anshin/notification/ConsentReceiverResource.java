package dev.anshin.notification;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.anshin.api.consent.v1.CheckPurposeRequest;
import dev.anshin.api.consent.v1.CheckPurposeResponse;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in for consent-service's CheckPurpose, on a gRPC server bound to 127.0.0.1 on a free port, shared by every
 * test class: answers what a test set for a member and purpose ({@link #answer}; nothing set: not allowed), refuses a
 * call without a bearer token, and can be stopped and started
 * again on the same port ({@link #stop()}/{@link #restart()}) to prove that marketing waits while it is unreachable.
 */
public class ConsentReceiverResource implements QuarkusTestResourceLifecycleManager {

    static final Map<String, Boolean> answers = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> questions = new ConcurrentHashMap<>();
    static final AtomicInteger callsWithoutToken = new AtomicInteger();

    private static volatile Server server;
    private static volatile int port;

    /** What CheckPurpose answers for this member and purpose (e.g. PURPOSE_MARKETING_OWN). */
    static void answer(String member, String purpose, boolean allowed) {
        answers.put(member + ":" + purpose, allowed);
    }

    static int questionsAbout(String member) {
        return questions.getOrDefault(member, new AtomicInteger()).get();
    }

    @Override
    public Map<String, String> start() {
        port = 0;
        startServer();
        port = server.getPort();
        String p = Integer.toString(port);
        return Map.of(
                "quarkus.grpc.clients.consent.host", "127.0.0.1",
                "quarkus.grpc.clients.consent.port", p,
                "quarkus.grpc.clients.consent.test-port", p,
                "anshin.marketing.consent-deadline", "PT1S");
    }

    private static synchronized void startServer() {
        ServerInterceptor requireToken = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String authorization = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
                if (authorization == null || !authorization.startsWith("Bearer ")) {
                    callsWithoutToken.incrementAndGet();
                    call.close(Status.UNAUTHENTICATED.withDescription("no token"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                    .addService(ServerInterceptors.intercept(new Consent(), requireToken))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** consent-service goes down: every question fails to connect until {@link #restart()}. */
    static synchronized void takeDown() {
        server.shutdownNow();
        try {
            server.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** consent-service is back, on the same port. */
    static void restart() {
        startServer();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    static class Consent extends ConsentServiceGrpc.ConsentServiceImplBase {
        @Override
        public void checkPurpose(CheckPurposeRequest request, StreamObserver<CheckPurposeResponse> observer) {
            String member = request.getMemberId().getValue();
            questions.computeIfAbsent(member, m -> new AtomicInteger()).incrementAndGet();
            boolean allowed = answers.getOrDefault(member + ":" + request.getPurpose().name(), false);
            observer.onNext(CheckPurposeResponse.newBuilder().setAllowed(allowed).setNoticeVersion("2026-04").build());
            observer.onCompleted();
        }
    }
}
