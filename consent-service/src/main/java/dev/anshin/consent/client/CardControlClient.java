package dev.anshin.consent.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataRequest;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusRequest;
import dev.anshin.api.cardcontrol.v1.GetAccountStatusResponse;
import dev.anshin.api.cardcontrol.v1.ExportMemberDataResponse;
import dev.anshin.api.cardcontrol.v1.CardControlServiceGrpc;
import dev.anshin.consent.config.DisclosureConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * consent-service's one way to card-control, with consent-service's own token (roles {@code privacy-export} and
 * {@code account-status}) and the disclosure deadline: its part of a member's disclosure (ExportMemberData; not retried:
 * a gathering that meets a failure records the section as not available), and the account's end date the bureau
 * dates count from (GetAccountStatus).
 */
@ApplicationScoped
public class CardControlClient {

    private final CardControlServiceGrpc.CardControlServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final DisclosureConfig config;

    public CardControlClient(@GrpcClient("card-control") Channel channel, ServiceTokens tokens, DisclosureConfig config) {
        this.stub = CardControlServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public ExportMemberDataResponse exportMemberData(String memberId) {
        return Downstream.call(stub, tokens.accessToken(), config.deadline()).exportMemberData(ExportMemberDataRequest
                .newBuilder().setMemberId(MemberId.newBuilder().setValue(memberId)).build());
    }

    public GetAccountStatusResponse accountStatus(String memberId) {
        return Downstream.call(stub, tokens.accessToken(), config.deadline()).getAccountStatus(GetAccountStatusRequest
                .newBuilder().setMemberId(MemberId.newBuilder().setValue(memberId)).build());
    }
}
