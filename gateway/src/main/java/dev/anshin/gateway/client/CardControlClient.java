package dev.anshin.gateway.client;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.api.cardcontrol.v1.GetCardRequest;
import dev.anshin.api.cardcontrol.v1.ListCardsRequest;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.common.v1.CardId;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's one way to card-control-service. It owns the deadline, retries (reads only, outages only), the circuit
 * breaker, and carries the signed-in member's token on every call.
 */
@ApplicationScoped
public class CardControlClient {

    private static final String SERVICE = "card-control-service";

    private final CardControlServiceGrpc.CardControlServiceBlockingStub stub;
    private final JsonWebToken token;
    private final long deadlineMillis;

    public CardControlClient(@GrpcClient("card-control") CardControlServiceGrpc.CardControlServiceBlockingStub stub,
            JsonWebToken token,
            @ConfigProperty(name = "anshin.gateway.card-control.deadline", defaultValue = "2s") java.time.Duration deadline) {
        this.stub = stub;
        this.token = token;
        this.deadlineMillis = deadline.toMillis();
    }

    @Retry(maxRetries = 2, delay = 50, jitter = 25, retryOn = DownstreamUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    public List<Card> listCards() {
        return DownstreamCalls.call(SERVICE, () -> member().listCards(ListCardsRequest.getDefaultInstance()).getCardsList());
    }

    @Retry(maxRetries = 2, delay = 50, jitter = 25, retryOn = DownstreamUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    public Card getCard(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().getCard(GetCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    public Card suspend(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().suspendCard(SuspendCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    public Card resume(String cardId) {
        return DownstreamCalls.call(SERVICE, () -> member().resumeCard(ResumeCardRequest.newBuilder().setCardId(id(cardId)).build()).getCard());
    }

    private CardControlServiceGrpc.CardControlServiceBlockingStub member() {
        return DownstreamCalls.withToken(stub, token.getRawToken()).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private static CardId id(String cardId) {
        return CardId.newBuilder().setValue(cardId).build();
    }
}
