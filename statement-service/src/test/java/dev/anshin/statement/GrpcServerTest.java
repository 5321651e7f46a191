package dev.anshin.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * statement.proto names), and that every RPC is built.
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
    void noRpcAnswersUnimplemented() {
        String member = Tokens.member(GrpcTestClient.newMemberId());
        try (GrpcTestClient client = new GrpcTestClient(uri)) {
            for (var method : StatementServiceGrpc.getServiceDescriptor().getMethods()) {
                try {
                    GrpcTestClient.callWithEmptyRequest(client.channel(member), method);
                } catch (StatusRuntimeException e) {
                    assertNotEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), method.getFullMethodName());
                }
            }
        }
    }

    @Test
    void eachRpcRefusesEveryRoleButItsOwn() {
        String member = Tokens.member(GrpcTestClient.newMemberId());
        String operator = Tokens.operator("operator-sato");
        String cardControl = Tokens.system("card-control", "card-control");
        String clearing = Tokens.system("anshin-clearing", "clearing");
        String billing = Tokens.system("billing-batch", "billing");
        Map<MethodDescriptor<?, ?>, List<String>> refused = Map.ofEntries(
                Map.entry(StatementServiceGrpc.getRecordAuthorizationMethod(), List.of(member, operator, clearing, billing)),
                Map.entry(StatementServiceGrpc.getRecordAuthorizationsMethod(), List.of(member, operator, clearing, billing)),
                Map.entry(StatementServiceGrpc.getPostTransactionMethod(), List.of(member, operator, cardControl, billing)),
                Map.entry(StatementServiceGrpc.getReverseAuthorizationMethod(), List.of(member, operator, cardControl, billing)),
                Map.entry(StatementServiceGrpc.getListTransactionsMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getGetTransactionMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getListStatementsMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getGetStatementMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getChangePaymentMethodMethod(), List.of(operator, cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getCloseCycleMethod(), List.of(member, operator, cardControl, clearing)),
                Map.entry(StatementServiceGrpc.getDisputeTransactionMethod(), List.of(operator, cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getListDisputesMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getGetDisputeMethod(), List.of(cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getAdvanceDisputeMethod(), List.of(member, cardControl, clearing, billing)),
                Map.entry(StatementServiceGrpc.getRecordPaymentMethod(), List.of(member, operator, cardControl, clearing)),
                Map.entry(StatementServiceGrpc.getExportMemberDataMethod(), List.of(member, operator, cardControl, clearing, billing)));
        refused.forEach((rpc, tokens) -> tokens.forEach(token -> {
            StatusRuntimeException failure = call(rpc, token);

            assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode(), rpc.getFullMethodName());
            assertEquals("NOT_PERMITTED", ErrorDetails.reason(failure), rpc.getFullMethodName());
        }));
    }

    @Test
    void thePrivacyExportRoleOpensNoRpcButTheExport() {
        String privacyExport = Tokens.system("consent", "privacy-export");
        for (var method : StatementServiceGrpc.getServiceDescriptor().getMethods()) {
            if (method.equals(StatementServiceGrpc.getExportMemberDataMethod())) {
                continue;
            }
            StatusRuntimeException failure = call(method, privacyExport);

            assertEquals(Status.Code.PERMISSION_DENIED, failure.getStatus().getCode(), method.getFullMethodName());
        }
    }

    private StatusRuntimeException call(MethodDescriptor<?, ?> rpc, String token) {
        try (GrpcTestClient client = new GrpcTestClient(uri)) {
            return assertThrows(StatusRuntimeException.class,
                    () -> GrpcTestClient.callWithEmptyRequest(client.channel(token), rpc), rpc.getFullMethodName());
        }
    }
}
