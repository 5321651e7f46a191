package dev.anshin.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.consent.v1.AdvancePrivacyRequestRequest;
import dev.anshin.api.consent.v1.ConsentChannel;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.api.consent.v1.PurposeConsent;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.api.consent.v1.PrivacyRequestStatus;
import dev.anshin.api.consent.v1.PublishNoticeRequest;
import dev.anshin.api.consent.v1.RecordApplicationConsentRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.smallrye.jwt.build.Jwt;

/**
 * What other parties do in consent-service over its RPCs while the gateway's tests run: the issuer's application
 * system records the consents of an application, an operator publishes a notice.
 */
final class Consents {

    /** The optional purposes: a member may give and stop them from the app. */
    static final List<Purpose> OPTIONAL = List.of(Purpose.PURPOSE_MARKETING_OWN, Purpose.PURPOSE_MARKETING_THIRD_PARTY,
            Purpose.PURPOSE_MARKET_RESEARCH);

    private Consents() {
    }

    /** The application system records an application consenting to every purpose but those declined. */
    static void applied(String memberId, Purpose... declined) {
        List<Purpose> no = List.of(declined);
        var request = RecordApplicationConsentRequest.newBuilder()
                .setApplicationId("app-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(memberId))
                .setChannel(ConsentChannel.CONSENT_CHANNEL_WEB);
        for (PurposeNotice notice : notices()) {
            request.addConsents(PurposeConsent.newBuilder().setPurpose(notice.getPurpose())
                    .setNoticeVersion(notice.getVersion()).setGranted(!no.contains(notice.getPurpose())));
        }
        asCaller("applications-system", "applications", stub -> stub.recordApplicationConsent(request.build()));
    }

    /** The issuer's notices in effect. */
    static List<PurposeNotice> notices() {
        return asCaller("applications-system", "applications",
                stub -> stub.listPurposes(ListPurposesRequest.getDefaultInstance()).getPurposesList());
    }

    /** The version in effect of a purpose's notice. */
    static String currentVersion(Purpose purpose) {
        return notices().stream().filter(n -> n.getPurpose() == purpose).findFirst().orElseThrow().getVersion();
    }

    /** An operator, signed in with two steps, publishes a new version of the purpose's notice, in effect at once. */
    static String publishNewVersion(Purpose purpose) {
        String version = "t" + UUID.randomUUID().toString().substring(0, 8);
        asCaller("operator-sato", "operator", stub -> stub.publishNotice(PublishNoticeRequest.newBuilder()
                .setPurpose(purpose).setVersion(version)
                .setTextJa("改定した通知 " + version).setTextEn("Revised notice " + version).build()));
        return version;
    }

    /** An operator, signed in with two steps, moves a privacy request on (as the issuer's tools do). */
    static PrivacyRequestStatus advancePrivacyRequest(String requestId, PrivacyRequestStatus to) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.consentPort).usePlaintext().build();
        try {
            return PrivacyRequestServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    bearer(token("operator-sato", "operator")))).advancePrivacyRequest(AdvancePrivacyRequestRequest.newBuilder()
                            .setRequestId(requestId).setStatus(to).build()).getRequest().getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    private static String token(String subject, String role) {
        var token = Jwt.issuer(CardControlSuite.ISSUER).subject(subject).audience("consent-service")
                .groups(Set.of(role)).expiresIn(300);
        if (role.equals("operator")) {
            token.claim("acr", "two-step").claim("auth_time", Instant.now().getEpochSecond());
        }
        return token.sign();
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    private static <T> T asCaller(String subject, String role, Function<ConsentServiceGrpc.ConsentServiceBlockingStub, T> call) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", CardControlSuite.consentPort).usePlaintext().build();
        try {
            var token = Jwt.issuer(CardControlSuite.ISSUER).subject(subject).audience("consent-service")
                    .groups(Set.of(role)).expiresIn(300);
            if (role.equals("operator")) {
                token.claim("acr", "two-step").claim("auth_time", Instant.now().getEpochSecond());
            }
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token.sign());
            return call.apply(ConsentServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        } finally {
            channel.shutdownNow();
        }
    }
}
