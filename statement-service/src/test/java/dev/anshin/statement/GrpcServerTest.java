package dev.anshin.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcSecurityContract;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Who may call statement-service at all (the kit's {@link GrpcSecurityContract}), who may call which RPC (the roles
 * statement.proto names), and what the RPCs not built yet answer.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest extends GrpcSecurityContract {

    @TestHTTPResource("/")
    URI uri;

    @Override
    protected List<ServiceDescriptor> services() {
        return List.of(StatementServiceGrpc.getServiceDescriptor());
    }

    @Test
    void disputesAnswerUnimplementedUntilTheirIncrement() {
        String member = Tokens.member(GrpcTestClient.newMemberId());
        MethodDescriptor<?, ?> rpc = StatementServiceGrpc.getDisputeTransactionMethod();
        assertEquals(Status.Code.UNIMPLEMENTED, call(rpc, member).getStatus().getCode(), rpc.getFullMethodName());
    }

    @Test
    void eachRpcRefusesEveryRoleButItsOwn() {
        String member = Tokens.member(GrpcTestClient.newMemberId());
        String cardControl = Tokens.system("card-control", "card-control");
        String clearing = Tokens.system("anshin-clearing", "clearing");
        String billing = Tokens.system("billing-batch", "billing");
        Map<MethodDescriptor<?, ?>, List<String>> refused = new java.util.HashMap<>(Map.of(
                StatementServiceGrpc.getRecordAuthorizationMethod(), List.of(member, clearing, billing),
                StatementServiceGrpc.getRecordAuthorizationsMethod(), List.of(member, clearing, billing),
                StatementServiceGrpc.getPostTransactionMethod(), List.of(member, cardControl, billing),
                StatementServiceGrpc.getReverseAuthorizationMethod(), List.of(member, cardControl, billing),
                StatementServiceGrpc.getListTransactionsMethod(), List.of(cardControl, clearing, billing),
                StatementServiceGrpc.getGetTransactionMethod(), List.of(cardControl, clearing, billing),
                StatementServiceGrpc.getListStatementsMethod(), List.of(cardControl, clearing, billing),
                StatementServiceGrpc.getGetStatementMethod(), List.of(cardControl, clearing, billing),
                StatementServiceGrpc.getChangePaymentMethodMethod(), List.of(cardControl, clearing, billing),
                StatementServiceGrpc.getCloseCycleMethod(), List.of(member, cardControl, clearing)));
        refused.put(StatementServiceGrpc.getRecordPaymentMethod(), List.of(member, cardControl, clearing));
        refused.forEach((rpc, tokens) -> tokens.forEach(token -> {
            StatusRuntimeException failure = call(rpc, token);

            assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode(), rpc.getFullMethodName());
            assertEquals("NOT_PERMITTED", ErrorDetails.reason(failure), rpc.getFullMethodName());
        }));
    }

    private StatusRuntimeException call(MethodDescriptor<?, ?> rpc, String token) {
        try (GrpcTestClient client = new GrpcTestClient(uri)) {
            return assertThrows(StatusRuntimeException.class,
                    () -> GrpcTestClient.callWithEmptyRequest(client.channel(token), rpc), rpc.getFullMethodName());
        }
    }
}
