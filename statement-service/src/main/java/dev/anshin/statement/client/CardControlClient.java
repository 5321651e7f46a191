package dev.anshin.statement.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.cardcontrol.v1.CreditServiceGrpc;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.statement.config.OutboxConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** statement-service's one way to card-control's credit. Applied once there per event id, however often sent. */
@ApplicationScoped
public class CardControlClient {

    private final CreditServiceGrpc.CreditServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public CardControlClient(@GrpcClient("card-control") Channel channel, ServiceTokens tokens, OutboxConfig config) {
        this.stub = CreditServiceGrpc.newBlockingStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    private CreditServiceGrpc.CreditServiceBlockingStub call() {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline());
    }

    public void releaseAuthorization(ReleaseAuthorizationRequest request) {
        call().releaseAuthorization(request);
    }

    public void recordStatementPaid(RecordStatementPaidRequest request) {
        call().recordStatementPaid(request);
    }

    public void recordStatementOverdue(RecordStatementOverdueRequest request) {
        call().recordStatementOverdue(request);
    }
}
