package dev.anshin.cardcontrol.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyUsageRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.cardcontrol.config.OutboxConfig;
import io.quarkus.grpc.GrpcClient;

/** card-control's one way to notification-service, which presents each event id once. */
@ApplicationScoped
public class NotificationClient {

    private final NotificationServiceGrpc.NotificationServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public NotificationClient(@GrpcClient("notification") NotificationServiceGrpc.NotificationServiceBlockingStub stub,
            ServiceTokens tokens, OutboxConfig config) {
        this.stub = stub;
        this.tokens = tokens;
        this.config = config;
    }

    public void notifyUsage(NotifyUsageRequest request) {
        DownstreamCall.prepare(stub, tokens.accessToken(), config.deliveryDeadline()).notifyUsage(request);
    }

    public void startUsageConfirmation(StartUsageConfirmationRequest request) {
        DownstreamCall.prepare(stub, tokens.accessToken(), config.deliveryDeadline()).startUsageConfirmation(request);
    }
}
