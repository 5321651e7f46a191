package dev.anshin.gateway.client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticationChallenge;
import dev.anshin.api.cardcontrol.v1.CardholderAuthenticationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.ListAuthenticationChallengesRequest;
import dev.anshin.gateway.config.CardControlConfig;
import dev.anshin.kit.grpc.Downstream;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's way to card-control's 3-D Secure challenges ({@code CardholderAuthenticationService}, the member's
 * RPCs), on the same channel, deadline and policies as {@link CardControlClient}: a circuit breaker on every call,
 * retries on reads only (an answer retried after a timeout could be applied twice), the member's token on every call.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class CardholderAuthenticationClient {

    private static final String SERVICE = "card-control-service";

    private final CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub stub;
    private final JsonWebToken token;
    private final Duration deadline;

    public CardholderAuthenticationClient(
            @GrpcClient("card-control") CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub stub,
            JsonWebToken token, CardControlConfig config) {
        this.stub = stub;
        this.token = token;
        this.deadline = config.deadline();
    }

    /** The member's pending in-app challenges, newest first. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public List<AuthenticationChallenge> pendingChallenges() {
        return DownstreamCalls.call(SERVICE, () -> member()
                .listAuthenticationChallenges(ListAuthenticationChallengesRequest.getDefaultInstance()).getChallengesList());
    }

    /** Approves (it was the member) or denies one of the member's challenges. */
    public AuthenticationChallenge answer(String challengeId, boolean approve) {
        return DownstreamCalls.call(SERVICE, () -> member().answerAuthenticationChallenge(
                AnswerAuthenticationChallengeRequest.newBuilder().setId(challengeId).setApprove(approve).build()).getChallenge());
    }

    private CardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceBlockingStub member() {
        return Downstream.call(stub, token.getRawToken(), deadline);
    }
}
