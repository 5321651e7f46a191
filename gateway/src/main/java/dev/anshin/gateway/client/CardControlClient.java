package dev.anshin.gateway.client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.cardcontrol.v1.ActivateCardRequest;
import dev.anshin.api.cardcontrol.v1.ActivateCardResponse;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsRequest;
import dev.anshin.api.cardcontrol.v1.ListCardTransitionsResponse;
import dev.anshin.api.cardcontrol.v1.ListCardsRequest;
import dev.anshin.api.cardcontrol.v1.ListCardsResponse;
import dev.anshin.api.cardcontrol.v1.LossKind;
import dev.anshin.api.cardcontrol.v1.MutinyCardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.ReissueReason;
import dev.anshin.api.cardcontrol.v1.ReportLossRequest;
import dev.anshin.api.cardcontrol.v1.ReportLossResponse;
import dev.anshin.api.cardcontrol.v1.RequestReissueRequest;
import dev.anshin.api.cardcontrol.v1.RequestReissueResponse;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsRequest;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitRequest;
import dev.anshin.api.cardcontrol.v1.SetUsableLimitResponse;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.CardId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.gateway.config.CardControlConfig;
import dev.anshin.kit.grpc.Downstream;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's one way to card-control-service. It owns the deadline ({@link CardControlConfig}), the circuit breaker
 * (every call, class level: each method keeps its own circuit), retries (reads only, and on outages only: a write
 * retried after a timeout could apply twice, so a write never carries {@code @Retry}), and carries the signed-in
 * member's token on every call.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class CardControlClient {

    private static final String SERVICE = "card-control-service";

    private final CardControlServiceGrpc.CardControlServiceBlockingStub stub;
    /** For the card list: the app's most frequent read waits for card-control without holding a thread. */
    private final MutinyCardControlServiceGrpc.MutinyCardControlServiceStub asyncStub;
    private final JsonWebToken token;
    private final Duration deadline;

    public CardControlClient(@GrpcClient("card-control") CardControlServiceGrpc.CardControlServiceBlockingStub stub,
            @GrpcClient("card-control") MutinyCardControlServiceGrpc.MutinyCardControlServiceStub asyncStub,
            JsonWebToken token, CardControlConfig config) {
        this.stub = stub;
        this.asyncStub = asyncStub;
        this.token = token;
        this.deadline = config.deadline();
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Uni<List<Card>> listCards() {
        String memberToken = token.getRawToken();
        return DownstreamCalls.callAsync(SERVICE, () -> Downstream.call(asyncStub, memberToken, deadline)
                .listCards(ListCardsRequest.getDefaultInstance())
                .map(ListCardsResponse::getCardsList));
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public Card getCard(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().getCard(GetCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    public Card suspend(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().suspendCard(SuspendCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    public Card resume(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().resumeCard(ResumeCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListCardTransitionsResponse listTransitions(String cardId, int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> member().listCardTransitions(ListCardTransitionsRequest.newBuilder()
                .setCardId(id(cardId))
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken))
                .build()));
    }

    public ReportLossResponse reportLoss(String cardId, LossKind kind) {
        return DownstreamCalls.call(SERVICE, () -> member().reportLoss(ReportLossRequest.newBuilder()
                .setCardId(id(cardId)).setKind(kind).build()));
    }

    public RequestReissueResponse requestReissue(String cardId, ReissueReason reason) {
        return DownstreamCalls.call(SERVICE, () -> member().requestReissue(RequestReissueRequest.newBuilder()
                .setCardId(id(cardId)).setReason(reason).build()));
    }

    public ActivateCardResponse activate(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().activateCard(ActivateCardRequest.newBuilder()
                .setCardId(id(cardId)).build()));
    }

    /** Sets the usable limit if the card is still at {@code expectedVersion} (never 0: that would be unconditional). */
    public SetUsableLimitResponse setUsableLimit(String cardId, long amount, long expectedVersion) {
        if (expectedVersion <= 0) {
            throw new IllegalArgumentException("the usable limit changes only against a known version");
        }
        return setUsableLimitRequest(cardId, amount, expectedVersion);
    }

    /** Sets the usable limit whatever the card's version ({@code If-Match: *}): only that the card exists counts. */
    public SetUsableLimitResponse setUsableLimitAtAnyVersion(String cardId, long amount) {
        return setUsableLimitRequest(cardId, amount, 0);
    }

    /** A numberless card's number, expiry and security code. Sensitive: the caller must never log or store it. */
    public RevealCardCredentialsResponse revealCredentials(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().revealCardCredentials(RevealCardCredentialsRequest.newBuilder()
                .setCardId(id(cardId)).build()));
    }

    private SetUsableLimitResponse setUsableLimitRequest(String cardId, long amount, long expectedVersion) {
        return DownstreamCalls.call(SERVICE, () -> member().setUsableLimit(SetUsableLimitRequest.newBuilder()
                .setCardId(id(cardId))
                .setAmount(Yen.newBuilder().setAmount(amount))
                .setExpectedVersion(expectedVersion) // 0: no check
                .build()));
    }

    private CardControlServiceGrpc.CardControlServiceBlockingStub member() {
        return Downstream.call(stub, token.getRawToken(), deadline);
    }

    private static CardId id(String cardId) {
        return CardId.newBuilder().setValue(cardId).build();
    }
}
