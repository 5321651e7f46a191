package dev.anshin.statement.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyStatementReadyRequest;
import dev.anshin.statement.config.OutboxConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** statement-service's one way to notification-service. Idempotent on the receiving side (keyed by statement id). */
@ApplicationScoped
public class NotificationClient {

    private final NotificationServiceGrpc.NotificationServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public NotificationClient(@GrpcClient("notification") Channel channel, ServiceTokens tokens, OutboxConfig config) {
        this.stub = NotificationServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public void notifyStatementReady(NotifyStatementReadyRequest request) {
        Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).notifyStatementReady(request);
    }
}
