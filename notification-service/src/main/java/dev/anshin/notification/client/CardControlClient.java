package dev.anshin.notification.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationRequest;
import dev.anshin.api.cardcontrol.v1.RecordUsageConfirmationResponse;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsRequest;
import dev.anshin.api.cardcontrol.v1.SuspendMemberCardsResponse;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import dev.anshin.notification.config.FollowUpConfig;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * notification-service's one way to card-control-service: the follow-up relay's calls, with this service's own
 * client-credentials token (role {@code notification}) and a deadline. No retries here: the relay retries, with
 * back-off, whatever fails; card-control records each answer and report once by its id.
 */
@ApplicationScoped
public class CardControlClient {

    private final CardControlServiceGrpc.CardControlServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final FollowUpConfig config;

    public CardControlClient(@GrpcClient("card-control") Channel channel, ServiceTokens tokens, FollowUpConfig config) {
        this.stub = CardControlServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public RecordUsageConfirmationResponse recordUsageConfirmation(RecordUsageConfirmationRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.callDeadline()).recordUsageConfirmation(request);
    }

    public SuspendMemberCardsResponse suspendMemberCards(SuspendMemberCardsRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.callDeadline()).suspendMemberCards(request);
    }
}
