package dev.anshin.cardcontrol.client;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.common.util.concurrent.ListenableFuture;

import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeRequest;
import dev.anshin.api.notification.v1.NotifyAuthenticationChallengeResponse;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeRequest;
import dev.anshin.api.notification.v1.NotifyCardStatusChangeResponse;
import dev.anshin.api.notification.v1.NotifyUsagesRequest;
import dev.anshin.api.notification.v1.NotifyUsagesResponse;
import dev.anshin.api.notification.v1.SendAuthenticationCodeRequest;
import dev.anshin.api.notification.v1.SendAuthenticationCodeResponse;
import dev.anshin.api.notification.v1.StartUsageConfirmationRequest;
import dev.anshin.api.notification.v1.StartUsageConfirmationResponse;
import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** card-control's one way to notification-service, which presents each event id once. */
@ApplicationScoped
public class NotificationClient {

    private final NotificationServiceGrpc.NotificationServiceFutureStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public NotificationClient(@GrpcClient("notification") Channel channel, ServiceTokens tokens, OutboxConfig config) {
        this.stub = NotificationServiceGrpc.newFutureStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public ListenableFuture<NotifyUsagesResponse> notifyUsages(NotifyUsagesRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).notifyUsages(request);
    }

    public ListenableFuture<StartUsageConfirmationResponse> startUsageConfirmation(StartUsageConfirmationRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).startUsageConfirmation(request);
    }

    public ListenableFuture<NotifyCardStatusChangeResponse> notifyCardStatusChange(NotifyCardStatusChangeRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).notifyCardStatusChange(request);
    }

    public ListenableFuture<NotifyAuthenticationChallengeResponse> notifyAuthenticationChallenge(
            NotifyAuthenticationChallengeRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).notifyAuthenticationChallenge(request);
    }

    /** Sensitive: the request carries a one-time code; never log it. */
    public ListenableFuture<SendAuthenticationCodeResponse> sendAuthenticationCode(SendAuthenticationCodeRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).sendAuthenticationCode(request);
    }
}
