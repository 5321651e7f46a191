package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.GetConsentStateRequest;
import dev.anshin.api.consent.v1.ListPrivacyRequestsRequest;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
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

/** Both services answer gRPC on the HTTP port, and only to callers with a valid bearer token. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class GrpcServerTest {

    @TestHTTPResource("/")
    URI baseUri;

    static ConsentClient client;

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    ConsentClient client() {
        if (client == null) {
            client = new ConsentClient(baseUri);
        }
        return client;
    }

    @Test
    void callWithoutATokenIsUnauthenticated() {
        var consent = assertThrows(StatusRuntimeException.class,
                () -> client().anonymous().getConsentState(GetConsentStateRequest.getDefaultInstance()));
        var privacy = assertThrows(StatusRuntimeException.class, () -> client().privacyRequestsAnonymous()
                .listPrivacyRequests(ListPrivacyRequestsRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, consent.getStatus().getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, privacy.getStatus().getCode());
    }

    @Test
    void callWithAForgedTokenIsUnauthenticated() {
        String valid = Tokens.member(ConsentClient.newMemberId());
        String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";

        var failure = assertThrows(StatusRuntimeException.class,
                () -> client().as(forged).getConsentState(GetConsentStateRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode());
    }

    @Test
    void callWithAValidTokenReachesTheServiceWhichAnswersUnimplemented() {
        String token = Tokens.member(ConsentClient.newMemberId());

        var consent = assertThrows(StatusRuntimeException.class,
                () -> client().as(token).getConsentState(GetConsentStateRequest.getDefaultInstance()));
        var privacy = assertThrows(StatusRuntimeException.class, () -> client().privacyRequestsAs(token)
                .listPrivacyRequests(ListPrivacyRequestsRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNIMPLEMENTED, consent.getStatus().getCode());
        assertEquals(Status.Code.UNIMPLEMENTED, privacy.getStatus().getCode());
    }

    @Test
    void everyRpcOfBothServicesRequiresAToken() {
        for (MethodDescriptor<?, ?> rpc : rpcs()) {
            var failure = assertThrows(StatusRuntimeException.class, () -> callWithEmptyRequest(client().channel(), rpc),
                    rpc.getFullMethodName());

            assertEquals(Status.Code.UNAUTHENTICATED, failure.getStatus().getCode(), rpc.getFullMethodName());
        }
    }

    @Test
    void everyRpcAnswersUnimplementedUntilItsOwnIssue() {
        Channel authenticated = client().channel(Tokens.member(ConsentClient.newMemberId()));
        for (MethodDescriptor<?, ?> rpc : rpcs()) {
            var failure = assertThrows(StatusRuntimeException.class, () -> callWithEmptyRequest(authenticated, rpc),
                    rpc.getFullMethodName());

            assertEquals(Status.Code.UNIMPLEMENTED, failure.getStatus().getCode(), rpc.getFullMethodName());
        }
    }

    private static Collection<MethodDescriptor<?, ?>> rpcs() {
        List<MethodDescriptor<?, ?>> rpcs = new ArrayList<>(ConsentServiceGrpc.getServiceDescriptor().getMethods());
        rpcs.addAll(PrivacyRequestServiceGrpc.getServiceDescriptor().getMethods());
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
