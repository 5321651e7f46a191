package dev.anshin.cardcontrol.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.cardcontrol.config.OutboxConfig;
import io.quarkus.grpc.GrpcClient;

/** card-control's one way to statement-service. Idempotent on the receiving side (keyed by authorization id). */
@ApplicationScoped
public class StatementClient {

    private final StatementServiceGrpc.StatementServiceBlockingStub stub;
    private final ServiceTokens tokens;
    private final OutboxConfig config;

    public StatementClient(@GrpcClient("statement") StatementServiceGrpc.StatementServiceBlockingStub stub,
            ServiceTokens tokens, OutboxConfig config) {
        this.stub = stub;
        this.tokens = tokens;
        this.config = config;
    }

    public void recordAuthorization(RecordAuthorizationRequest request) {
        DownstreamCall.prepare(stub, tokens.accessToken(), config.deliveryDeadline()).recordAuthorization(request);
    }
}
