package dev.anshin.cardcontrol.threeds.grpc;

import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeRequest;
import dev.anshin.api.cardcontrol.v1.AnswerAuthenticationChallengeResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticateRequest;
import dev.anshin.api.cardcontrol.v1.AuthenticateResponse;
import dev.anshin.api.cardcontrol.v1.AuthenticationChallenge;
import dev.anshin.api.cardcontrol.v1.AuthenticationRejectReason;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultRequest;
import dev.anshin.api.cardcontrol.v1.GetAuthenticationResultResponse;
import dev.anshin.api.cardcontrol.v1.ListAuthenticationChallengesRequest;
import dev.anshin.api.cardcontrol.v1.ListAuthenticationChallengesResponse;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeRequest;
import dev.anshin.api.cardcontrol.v1.SubmitAuthenticationCodeResponse;
import dev.anshin.api.cardcontrol.v1.MutinyCardholderAuthenticationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.TransactionStatus;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.cardcontrol.grpc.Actors;
import dev.anshin.cardcontrol.grpc.Roles;
import dev.anshin.cardcontrol.mapping.CardMapper;
import dev.anshin.cardcontrol.threeds.CardholderAuthentication;
import dev.anshin.cardcontrol.threeds.ChallengeMethod;
import dev.anshin.cardcontrol.threeds.DeviceChannel;
import dev.anshin.cardcontrol.threeds.RiskReason;
import dev.anshin.cardcontrol.threeds.service.AuthenticationRequest;
import dev.anshin.cardcontrol.threeds.service.CardholderAuthenticationService;
import dev.anshin.kit.error.InvalidRequestException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** Maps {@code anshin.cardcontrol.v1.CardholderAuthenticationService} onto {@link CardholderAuthenticationService}. */
@GrpcService
@Blocking
public class CardholderAuthenticationGrpcService
        extends MutinyCardholderAuthenticationServiceGrpc.CardholderAuthenticationServiceImplBase {

    private final CardholderAuthenticationService authentications;
    private final Actors actors;

    public CardholderAuthenticationGrpcService(CardholderAuthenticationService authentications, Actors actors) {
        this.authentications = authentications;
        this.actors = actors;
    }

    @Override
    public Uni<AuthenticateResponse> authenticate(AuthenticateRequest request) {
        return Uni.createFrom().item(() -> {
            actors.actor(Roles.DIRECTORY_SERVER);
            var outcome = authentications.authenticate(new AuthenticationRequest(
                    request.getDsTransactionId(),
                    request.getServerTransactionId(),
                    request.getCardNumber(),
                    CardMapper.expiry(request.getExpiry()),
                    request.getAmount().getAmount(),
                    request.getCurrency(),
                    request.getMerchantName(),
                    request.getMerchantCategoryCode(),
                    request.getMerchantCountry(),
                    channel(request),
                    request.getDevice().getDeviceId(),
                    request.getDevice().getIpAddress(),
                    request.getDevice().getUserAgent(),
                    request.getDevice().getLanguage(),
                    method(request)));
            CardholderAuthentication a = outcome.authentication();
            var response = AuthenticateResponse.newBuilder()
                    .setAcsTransactionId(a.acsTransactionId)
                    .setStatus(status(a))
                    .setRejectReason(rejectReason(a));
            if (outcome.authenticationValue() != null) {
                response.setAuthenticationValue(outcome.authenticationValue());
            }
            if (a.challengeExpiresAt != null) {
                response.setChallengeExpiresAt(CardMapper.timestamp(a.challengeExpiresAt));
            }
            a.riskReasons().stream().map(RiskReason::name).forEach(response::addRiskReasons);
            if (a.challengeMethod != null) {
                response.setChallengeMethod(dev.anshin.api.cardcontrol.v1.ChallengeMethod.valueOf(
                        "CHALLENGE_METHOD_" + a.challengeMethod.name()));
            }
            return response.build();
        });
    }

    @Override
    public Uni<GetAuthenticationResultResponse> getAuthenticationResult(GetAuthenticationResultRequest request) {
        return Uni.createFrom().item(() -> {
            actors.actor(Roles.DIRECTORY_SERVER);
            var outcome = authentications.result(request.getAcsTransactionId());
            CardholderAuthentication a = outcome.authentication();
            var response = GetAuthenticationResultResponse.newBuilder()
                    .setAcsTransactionId(a.acsTransactionId)
                    .setStatus(status(a))
                    .setRejectReason(rejectReason(a));
            if (outcome.authenticationValue() != null) {
                response.setAuthenticationValue(outcome.authenticationValue());
            }
            if (a.challengeState != null) {
                response.setChallengeState(challengeState(a));
            }
            return response.build();
        });
    }

    @Override
    public Uni<ListAuthenticationChallengesResponse> listAuthenticationChallenges(ListAuthenticationChallengesRequest request) {
        return Uni.createFrom().item(() -> {
            var response = ListAuthenticationChallengesResponse.newBuilder();
            authentications.pendingChallenges(actors.member()).stream()
                    .map(CardholderAuthenticationGrpcService::challenge)
                    .forEach(response::addChallenges);
            return response.build();
        });
    }

    @Override
    public Uni<AnswerAuthenticationChallengeResponse> answerAuthenticationChallenge(AnswerAuthenticationChallengeRequest request) {
        return Uni.createFrom().item(() -> AnswerAuthenticationChallengeResponse.newBuilder()
                .setChallenge(challenge(authentications.answer(actors.member(), request.getId(), request.getApprove())))
                .build());
    }

    @Override
    public Uni<SubmitAuthenticationCodeResponse> submitAuthenticationCode(SubmitAuthenticationCodeRequest request) {
        return Uni.createFrom().item(() -> {
            actors.actor(Roles.DIRECTORY_SERVER);
            var outcome = authentications.submitCode(request.getAcsTransactionId(), request.getCode());
            CardholderAuthentication a = outcome.authentication();
            var response = SubmitAuthenticationCodeResponse.newBuilder()
                    .setAcsTransactionId(a.acsTransactionId)
                    .setStatus(status(a))
                    .setRejectReason(rejectReason(a))
                    .setChallengeState(challengeState(a))
                    .setTriesLeft(a.challengeState == dev.anshin.cardcontrol.threeds.ChallengeState.PENDING
                            ? a.codeTriesLeft : 0);
            if (outcome.authenticationValue() != null) {
                response.setAuthenticationValue(outcome.authenticationValue());
            }
            return response.build();
        });
    }

    private static AuthenticationChallenge challenge(CardholderAuthentication a) {
        return AuthenticationChallenge.newBuilder()
                .setId(a.acsTransactionId)
                .setCardId(CardMapper.cardId(a.cardId))
                .setMerchantName(a.merchantName)
                .setAmount(Yen.newBuilder().setAmount(a.amount))
                .setRequestedAt(CardMapper.timestamp(a.requestedAt))
                .setExpiresAt(CardMapper.timestamp(a.challengeExpiresAt))
                .setState(challengeState(a))
                .build();
    }

    private static TransactionStatus status(CardholderAuthentication a) {
        return TransactionStatus.valueOf("TRANSACTION_STATUS_" + a.status.name());
    }

    private static AuthenticationRejectReason rejectReason(CardholderAuthentication a) {
        return a.rejectReason == null ? AuthenticationRejectReason.AUTHENTICATION_REJECT_REASON_UNSPECIFIED
                : AuthenticationRejectReason.valueOf("AUTHENTICATION_REJECT_REASON_" + a.rejectReason.name());
    }

    private static dev.anshin.api.cardcontrol.v1.ChallengeState challengeState(CardholderAuthentication a) {
        return dev.anshin.api.cardcontrol.v1.ChallengeState.valueOf("CHALLENGE_STATE_" + a.challengeState.name());
    }

    private static ChallengeMethod method(AuthenticateRequest request) {
        return switch (request.getChallengeMethod()) {
            case CHALLENGE_METHOD_UNSPECIFIED, CHALLENGE_METHOD_IN_APP -> ChallengeMethod.IN_APP;
            case CHALLENGE_METHOD_SMS_CODE -> ChallengeMethod.SMS_CODE;
            default -> throw new InvalidRequestException("challenge_method is IN_APP or SMS_CODE");
        };
    }

    private static DeviceChannel channel(AuthenticateRequest request) {
        return switch (request.getDeviceChannel()) {
            case DEVICE_CHANNEL_APP -> DeviceChannel.APP;
            case DEVICE_CHANNEL_BROWSER -> DeviceChannel.BROWSER;
            default -> throw new InvalidRequestException("device_channel is required (app or browser)");
        };
    }
}
