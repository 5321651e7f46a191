package dev.anshin.consent.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.statement.v1.ExportMemberDataRequest;
import dev.anshin.api.statement.v1.ExportMemberDataResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.consent.config.DisclosureConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/**
 * consent-service's one way to statement: its part of a member's disclosure (ExportMemberData), with consent-service's
 * own token (role {@code privacy-export}) and the disclosure deadline. Not retried: a gathering that meets a failure
 * records the section as not available.
 */
@ApplicationScoped
public class StatementClient {

    private final StatementServiceGrpc.StatementServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final DisclosureConfig config;

    public StatementClient(@GrpcClient("statement") Channel channel, ServiceTokens tokens, DisclosureConfig config) {
        this.stub = StatementServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public ExportMemberDataResponse exportMemberData(String memberId) {
        return Downstream.call(stub, tokens.accessToken(), config.deadline()).exportMemberData(ExportMemberDataRequest
                .newBuilder().setMemberId(MemberId.newBuilder().setValue(memberId)).build());
    }
}
