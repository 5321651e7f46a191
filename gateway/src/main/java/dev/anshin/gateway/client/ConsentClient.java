package dev.anshin.gateway.client;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.consent.v1.ConsentChannel;
import dev.anshin.api.consent.v1.ConsentReceipt;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.ConsentState;
import dev.anshin.api.consent.v1.FilePrivacyRequestRequest;
import dev.anshin.api.consent.v1.GetBureauRetentionRequest;
import dev.anshin.api.consent.v1.GetDisclosureRequest;
import dev.anshin.api.consent.v1.GetDisclosureResponse;
import dev.anshin.api.consent.v1.GetBureauRetentionResponse;
import dev.anshin.api.consent.v1.GetConsentStateRequest;
import dev.anshin.api.consent.v1.GetPrivacyRequestRequest;
import dev.anshin.api.consent.v1.GetReceiptKeysRequest;
import dev.anshin.api.consent.v1.GetReceiptKeysResponse;
import dev.anshin.api.consent.v1.GetReceiptRequest;
import dev.anshin.api.consent.v1.ListConsentEventsRequest;
import dev.anshin.api.consent.v1.ListConsentEventsResponse;
import dev.anshin.api.consent.v1.ListPrivacyRequestsRequest;
import dev.anshin.api.consent.v1.ListPrivacyRequestsResponse;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.ListPurposesResponse;
import dev.anshin.api.consent.v1.OptInRequest;
import dev.anshin.api.consent.v1.OptInResponse;
import dev.anshin.api.consent.v1.OptOutRequest;
import dev.anshin.api.consent.v1.OptOutResponse;
import dev.anshin.api.consent.v1.PrivacyRequest;
import dev.anshin.api.consent.v1.PrivacyRequestKind;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.gateway.config.ConsentConfig;
import dev.anshin.kit.grpc.Downstream;
import io.quarkus.grpc.GrpcClient;

/**
 * The gateway's one way to consent-service, shaped as {@link CardControlClient}: its deadline ({@link ConsentConfig}),
 * a circuit breaker on every call (class level), retries on reads only (and on outages only), the signed-in member's
 * token on every call (the member is its subject: no member id is ever sent). Changes are made in the app's channel.
 * Both services of consent-service (consent, privacy requests) are reached through it.
 */
@ApplicationScoped
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class ConsentClient {

    private static final String SERVICE = "consent-service";

    private final ConsentServiceGrpc.ConsentServiceBlockingStub stub;
    private final PrivacyRequestServiceGrpc.PrivacyRequestServiceBlockingStub privacyStub;
    private final JsonWebToken token;
    private final Duration deadline;

    public ConsentClient(@GrpcClient("consent") ConsentServiceGrpc.ConsentServiceBlockingStub stub,
            @GrpcClient("consent") PrivacyRequestServiceGrpc.PrivacyRequestServiceBlockingStub privacyStub, JsonWebToken token,
            ConsentConfig config) {
        this.stub = stub;
        this.privacyStub = privacyStub;
        this.token = token;
        this.deadline = config.deadline();
    }

    /** The issuer's notices in effect, one per purpose. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListPurposesResponse listPurposes() {
        return DownstreamCalls.call(SERVICE, () -> member().listPurposes(ListPurposesRequest.getDefaultInstance()));
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ConsentState getState() {
        return DownstreamCalls.call(SERVICE, () -> member().getConsentState(GetConsentStateRequest.getDefaultInstance())
                .getState());
    }

    /** Any sign-in: stopping must be as easy as agreeing. */
    public OptOutResponse optOut(Purpose purpose) {
        return DownstreamCalls.call(SERVICE, () -> member().optOut(OptOutRequest.newBuilder()
                .setPurpose(purpose).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));
    }

    /** Two-step, enforced by consent-service from its contract (and checked here first by the route). */
    public OptInResponse optIn(Purpose purpose, String noticeVersion) {
        return DownstreamCalls.call(SERVICE, () -> member().optIn(OptInRequest.newBuilder()
                .setPurpose(purpose).setNoticeVersion(noticeVersion).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListConsentEventsResponse listEvents(int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> member().listConsentEvents(ListConsentEventsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken)).build()));
    }

    /** The member's own receipt; another member's is NOT_FOUND (consent-service decides, from the token). */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ConsentReceipt getReceipt(String receiptId) {
        return DownstreamCalls.call(SERVICE, () -> member().getReceipt(GetReceiptRequest.newBuilder()
                .setReceiptId(receiptId).build()).getReceipt());
    }

    /** The public keys that verify consent receipts (JSON Web Keys), the signing key's first. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public GetReceiptKeysResponse receiptKeys() {
        return DownstreamCalls.call(SERVICE, () -> member().getReceiptKeys(GetReceiptKeysRequest.getDefaultInstance()));
    }

    /** The member's credit-bureau retention dates. */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public GetBureauRetentionResponse bureauRetention() {
        return DownstreamCalls.call(SERVICE, () -> member().getBureauRetention(GetBureauRetentionRequest.getDefaultInstance()));
    }

    /** Two-step, enforced by consent-service from its contract (and by the route first). Delivery is electronic. */
    public PrivacyRequest filePrivacyRequest(PrivacyRequestKind kind, String details) {
        return DownstreamCalls.call(SERVICE, () -> privacy().filePrivacyRequest(FilePrivacyRequestRequest.newBuilder()
                .setKind(kind).setDetails(details).setElectronicDelivery(true).build()).getRequest());
    }

    /** The member's own request; another member's is NOT_FOUND (consent-service decides, from the token). */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public PrivacyRequest getPrivacyRequest(String requestId) {
        return DownstreamCalls.call(SERVICE, () -> privacy().getPrivacyRequest(GetPrivacyRequestRequest.newBuilder()
                .setRequestId(requestId).build()).getRequest());
    }

    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public ListPrivacyRequestsResponse listPrivacyRequests(int pageSize, String pageToken) {
        return DownstreamCalls.call(SERVICE, () -> privacy().listPrivacyRequests(ListPrivacyRequestsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken)).build()));
    }

    /**
     * The member's own disclosure's export; consent-service checks the recent two-step login again (its contract's
     * step_up) and answers NOT_FOUND for another member's request.
     */
    @Retry(maxRetries = DownstreamCalls.READ_RETRIES, delay = DownstreamCalls.READ_RETRY_DELAY_MILLIS,
            jitter = DownstreamCalls.READ_RETRY_JITTER_MILLIS, retryOn = DownstreamUnavailableException.class)
    public GetDisclosureResponse getDisclosure(String requestId) {
        return DownstreamCalls.call(SERVICE, () -> privacy().getDisclosure(GetDisclosureRequest.newBuilder()
                .setRequestId(requestId).build()));
    }

    private PrivacyRequestServiceGrpc.PrivacyRequestServiceBlockingStub privacy() {
        return Downstream.call(privacyStub, token.getRawToken(), deadline);
    }

    private ConsentServiceGrpc.ConsentServiceBlockingStub member() {
        return Downstream.call(stub, token.getRawToken(), deadline);
    }
}
