package dev.anshin.cardcontrol.client;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.common.util.concurrent.ListenableFuture;

import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.cardcontrol.config.OutboxConfig;
import dev.anshin.kit.auth.ServiceTokens;
import dev.anshin.kit.grpc.Downstream;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;

/** card-control's one way to statement-service. Idempotent on the receiving side (keyed by authorization id). */
@ApplicationScoped
public class StatementClient {

    private final StatementServiceGrpc.StatementServiceFutureStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public StatementClient(@GrpcClient("statement") Channel channel, ServiceTokens tokens, OutboxConfig config) {
        this.stub = StatementServiceGrpc.newFutureStub(channel);
        this.tokens = tokens;
        this.config = config;
    }

    public ListenableFuture<RecordAuthorizationsResponse> recordAuthorizations(RecordAuthorizationsRequest request) {
        return Downstream.call(stub, tokens.accessToken(), config.deliveryDeadline()).recordAuthorizations(request);
    }
}
