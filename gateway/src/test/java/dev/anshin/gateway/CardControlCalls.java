package dev.anshin.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Counts the gateway's gRPC calls by RPC name (a test-only client interceptor, global: card-control's and
 * statement-service's alike), so a test can prove that a replayed or refused request did not reach a service.
 */
@ApplicationScoped
@GlobalInterceptor
public class CardControlCalls implements ClientInterceptor {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        calls.computeIfAbsent(method.getBareMethodName(), name -> new AtomicInteger()).incrementAndGet();
        return next.newCall(method, options);
    }

    /** How many calls of the RPC (e.g. "ReportLoss") the gateway made so far. */
    int count(String rpc) {
        AtomicInteger count = calls.get(rpc);
        return count == null ? 0 : count.get();
    }
}
