package dev.anshin.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Collection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.anshin.api.notification.v1.GetPreferencesRequest;
import dev.anshin.api.notification.v1.NotificationServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The service answers gRPC on the HTTP port, and only to callers with a valid bearer token. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest {

    @TestHTTPResource("/")
    URI baseUri;

    static NotificationClient client;

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    NotificationClient client() {
        if (client == null) {
            client = new NotificationClient(baseUri);
        }
        return client;
    }

    @Test
    void callWithoutATokenIsUnauthenticated() {
        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().anonymous().getPreferences(GetPreferencesRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
    }

    @Test
    void callWithAForgedTokenIsUnauthenticated() {
        String valid = Tokens.member(NotificationClient.newMemberId());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().as(forged).getPreferences(GetPreferencesRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
    }

    @Test
    void callWithAValidTokenReachesTheServiceWhichAnswersUnimplemented() {
        String token = Tokens.member(NotificationClient.newMemberId());

        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().as(token).getPreferences(GetPreferencesRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNIMPLEMENTED, failure.getStatus().getCode());
    }

    @Test
    void everyRpcOfTheServiceRequiresAToken() {
        for (MethodDescriptor<?, ?> rpc : rpcs()) {
            var failure = assertThrows(StatusRuntimeException.class, () -> callWithEmptyRequest(client().channel(), rpc),
                    rpc.getFullMethodName());

            assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode(), rpc.getFullMethodName());
        }
    }

    @Test
    void everyRpcAnswersUnimplementedUntilItsOwnIssue() {
        Channel authenticated = client().channel(Tokens.member(NotificationClient.newMemberId()));
        for (MethodDescriptor<?, ?> rpc : rpcs()) {
            var failure = assertThrows(StatusRuntimeException.class, () -> callWithEmptyRequest(authenticated, rpc),
                    rpc.getFullMethodName());

            assertEquals(Status.Code.UNIMPLEMENTED, failure.getStatus().getCode(), rpc.getFullMethodName());
        }
    }

    private static Collection<MethodDescriptor<?, ?>> rpcs() {
        Collection<MethodDescriptor<?, ?>> rpcs = NotificationServiceGrpc.getServiceDescriptor().getMethods();
        assertThat(rpcs).hasSizeGreaterThan(2);
        return rpcs;
    }

    /** Calls a unary RPC with its request message's default instance. */
    private static <ReqT, RespT> RespT callWithEmptyRequest(Channel channel, MethodDescriptor<ReqT, RespT> rpc) {
        @SuppressWarnings("unchecked")
        var marshaller = (MethodDescriptor.PrototypeMarshaller<ReqT>) rpc.getRequestMarshaller();
        return ClientCalls.blockingUnaryCall(channel, rpc, CallOptions.DEFAULT, marshaller.getMessagePrototype());
    }
}
