package dev.anshin.notification.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.consent.v1.CheckPurposeRequest;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import dev.anshin.notification.config.MarketingConfig;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * notification-service's one way to consent-service: {@code CheckPurpose} with its own token (client credentials,
 * client {@code notification}, role {@code consent-check}) and a deadline. Any failure to get an answer (consent-service
 * down or slow, no token, a refusal) is {@link ConsentUnavailable}: the caller sends nothing and asks again later.
 */
@ApplicationScoped
public class ConsentClient {

    /** consent-service gave no answer; nothing may be sent on its behalf. The message never holds personal data. */
    public static class ConsentUnavailable extends RuntimeException {
        public ConsentUnavailable(String message) {
            super(message);
        }
    }

    private final ConsentServiceGrpc.ConsentServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final MarketingConfig config;

    public ConsentClient(@GrpcClient("consent") Channel channel, ServiceTokens tokens, MarketingConfig config) {
        this.stub = ConsentServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    /** Whether the member allows {@code purpose} now (consent-service's answer). */
    public boolean allows(String memberId, Purpose purpose) {
        try {
            return Downstream.call(stub, tokens.accessToken(), config.consentDeadline())
                    .checkPurpose(CheckPurposeRequest.newBuilder()
                            .setMemberId(MemberId.newBuilder().setValue(memberId))
                            .setPurpose(purpose).build())
                    .getAllowed();
        } catch (io.grpc.StatusRuntimeException e) {
            throw new ConsentUnavailable("consent-service answered " + e.getStatus().getCode());
        } catch (ServiceTokens.TokenUnavailable e) {
            throw new ConsentUnavailable("no token for consent-service: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConsentUnavailable("consent-service could not be asked (" + e.getClass().getSimpleName() + ")");
        }
    }
}
