package dev.anshin.cardcontrol.grpc;

import java.time.Instant;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.MutinyAuthorizationServiceGrpc;
import dev.anshin.cardcontrol.CardAuthorization;
import dev.anshin.cardcontrol.Channel;
import dev.anshin.cardcontrol.Decision;
import dev.anshin.cardcontrol.mapping.CardMapper;
import dev.anshin.cardcontrol.service.AuthorizationRequest;
import dev.anshin.cardcontrol.service.AuthorizationService;
import dev.anshin.kit.error.InvalidRequestException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Maps {@code anshin.cardcontrol.v1.AuthorizationService} onto {@link AuthorizationService}. Card network only. */
@GrpcService
public class AuthorizationGrpcService extends MutinyAuthorizationServiceGrpc.AuthorizationServiceImplBase {

    private final AuthorizationService authorizations;
    private final Actors actors;

    public AuthorizationGrpcService(AuthorizationService authorizations, Actors actors) {
        this.authorizations = authorizations;
        this.actors = actors;
    }

    /**
     * Not on a worker thread: the request is checked here, on the event loop, and joins the next transaction of
     * decisions ({@link AuthorizationService}); the answer is written back on this call's own context once that
     * transaction has committed. No request thread waits for the database (the committers do).
     */
    @Override
    @NonBlocking
    public Uni<AuthorizeResponse> authorize(AuthorizeRequest request) {
        Context context = Vertx.currentContext();
        Uni<CardAuthorization> decision = Uni.createFrom().completionStage(() -> {
            actors.actor(Roles.CARD_NETWORK);
            return authorizations.authorize(new AuthorizationRequest(
                    request.getAuthorizationId(),
                    request.getCardNumber(),
                    CardMapper.expiry(request.getExpiry()),
                    request.getSecurityCode().isEmpty() ? null : request.getSecurityCode(),
                    request.getAmount().getAmount(),
                    request.getMerchantName(),
                    request.getMerchantCategoryCode(),
                    request.getMerchantCountry(),
                    channel(request),
                    request.hasRequestedAt() ? Instant.ofEpochSecond(request.getRequestedAt().getSeconds(), request.getRequestedAt().getNanos()) : null,
                    request.getAuthenticationValue().isEmpty() ? null : request.getAuthenticationValue(),
                    request.getAuthenticationTransactionId().isEmpty() ? null : request.getAuthenticationTransactionId()));
        });
        if (context != null) {
            decision = decision.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return decision.map(AuthorizationGrpcService::response);
    }

    private static AuthorizeResponse response(CardAuthorization decision) {
        var response = AuthorizeResponse.newBuilder()
                .setAuthorizationId(decision.authorizationId)
                .setDecision(decision.decision == Decision.APPROVED
                        ? dev.anshin.api.cardcontrol.v1.Decision.DECISION_APPROVED
                        : dev.anshin.api.cardcontrol.v1.Decision.DECISION_DECLINED)
                .setDecidedAt(CardMapper.timestamp(decision.decidedAt))
                .setUsageConfirmationRequested(decision.usageConfirmationRequested)
                .setAuthenticated(decision.authenticationId != null);
        if (decision.declineReason != null) {
            response.setDeclineReason(dev.anshin.api.cardcontrol.v1.DeclineReason.valueOf("DECLINE_REASON_" + decision.declineReason.name()));
        }
        if (decision.approvalCode != null) {
            response.setApprovalCode(decision.approvalCode);
        }
        if (decision.cardId != null) {
            response.setCardId(CardMapper.cardId(decision.cardId));
        }
        return response.build();
    }

    private static Channel channel(AuthorizeRequest request) {
        return switch (request.getChannel()) {
            case CHANNEL_ONLINE -> Channel.ONLINE;
            case CHANNEL_CASH -> Channel.CASH;
            case CHANNEL_IN_STORE, CHANNEL_UNSPECIFIED -> Channel.IN_STORE;
            default -> throw new InvalidRequestException("unknown channel");
        };
    }
}
