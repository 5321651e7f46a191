package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.consent.v1.AdvancePrivacyRequestRequest;
import dev.anshin.api.consent.v1.ConsentChannel;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.FilePrivacyRequestRequest;
import dev.anshin.api.consent.v1.GetDisclosureRequest;
import dev.anshin.api.consent.v1.GetDisclosureResponse;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.PrivacyRequestKind;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc.PrivacyRequestServiceBlockingStub;
import dev.anshin.api.consent.v1.PrivacyRequestStatus;
import dev.anshin.api.consent.v1.PurposeConsent;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.api.consent.v1.RecordApplicationConsentRequest;
import dev.anshin.consent.grpc.Roles;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A disclosure (開示) is a real export: gathered over gRPC from card-control-, notification- and statement-service
 * (in-test stand-ins, {@link ExportReceivers}) with this service's own token, plus the consent history, when the
 * request goes in progress; kept as gathered; downloaded by the member alone, two-step and recent.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
// Not restricted to this class: every test class then runs against one set of resources, so Quarkus starts once
// (after a restart in the same JVM, refusals were seen answered INTERNAL: the error mapping did not know them).
@QuarkusTestResource(ExportReceivers.class)
class DisclosureExportTest extends GrpcClientTest {

    @BeforeEach
    @AfterEach
    void everyServiceAnswers() {
        ExportReceivers.reset();
    }

    @Test
    void aDisclosureExportContainsWhatEachServiceHolds() {
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);

        GetDisclosureResponse download = asMember(member).getDisclosure(of(id));

        assertEquals(id, download.getRequestId());
        JsonObject export = new JsonObject(download.getDocument());
        assertEquals("anshin-disclosure/1", export.getString("format"));
        assertEquals(member, export.getString("memberId"));
        JsonObject sections = export.getJsonObject("sections");
        JsonObject cards = available(sections, "cardControl");
        assertEquals("card-of-" + member, cards.getJsonArray("cards").getJsonObject(0).getJsonObject("id").getString("value"));
        assertEquals("4242", cards.getJsonArray("cards").getJsonObject(0).getString("last4"));
        assertEquals("TRANSITION_REASON_ISSUED", cards.getJsonArray("transitions").getJsonObject(0).getString("reason"));
        assertEquals(member + "@example.jp", available(sections, "notification").getJsonObject("preferences").getString("email"));
        JsonObject statements = available(sections, "statement");
        assertEquals("st-" + member, statements.getJsonArray("statements").getJsonObject(0).getString("id"));
        assertEquals("アンシン書店", statements.getJsonArray("disputes").getJsonObject(0).getString("merchantName"));
        JsonObject consent = available(sections, "consent");
        JsonArray events = consent.getJsonArray("consentEvents");
        assertEquals(5, events.size(), "the application's five consents");
        assertThat(events.stream().map(e -> ((JsonObject) e).getString("purpose")))
                .contains("PURPOSE_CREDIT_BUREAU", "PURPOSE_MARKETING_OWN");
        assertThat(events.stream().map(e -> ((JsonObject) e).getJsonObject("actor").getString("id")))
                .as("the application system's id is not shown").allMatch(actorId -> actorId == null);
        assertThat(consent.getJsonArray("privacyRequests").stream().map(r -> ((JsonObject) r).getString("id"))).contains(id);
        JsonArray bureaus = export.getJsonObject("creditBureaus").getJsonArray("bureaus");
        assertThat(bureaus.stream().map(b -> ((JsonObject) b).getString("bureau"))).containsExactly("CIC", "JICC");
        assertThat(bureaus.getJsonObject(0).getString("disclosureContact")).contains("cic.co.jp");
        assertThat(ExportReceivers.authorizations).hasSize(3).allSatisfy(header -> assertThat(header).startsWith("Bearer "));
    }

    @Test
    void aServiceThatIsDownOrHasNoExportYetIsMarkedNotAvailableAndTheExportStillGoesThrough() {
        ExportReceivers.mode.put("notification", ExportReceivers.Mode.DOWN);
        ExportReceivers.mode.put("statement", ExportReceivers.Mode.UNIMPLEMENTED);
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);

        JsonObject sections = new JsonObject(asMember(member).getDisclosure(of(id)).getDocument()).getJsonObject("sections");

        available(sections, "cardControl");
        available(sections, "consent");
        JsonObject notification = sections.getJsonObject("notification");
        assertFalse(notification.getBoolean("available"));
        assertThat(notification.getString("reason")).contains("notification-service", "UNAVAILABLE");
        assertThat(notification.containsKey("data")).isFalse();
        JsonObject statement = sections.getJsonObject("statement");
        assertFalse(statement.getBoolean("available"));
        assertThat(statement.getString("reason")).contains("statement-service", "no disclosure export yet");
    }

    @Test
    void theExportIsKeptAsItWasGatheredAndStaysAfterCompletion() {
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);
        GetDisclosureResponse first = asMember(member).getDisclosure(of(id));
        ExportReceivers.merchant = "変わった店名";
        ExportReceivers.mode.put("card-control", ExportReceivers.Mode.DOWN);

        asOperator().advancePrivacyRequest(advance(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED));
        GetDisclosureResponse later = asMember(member).getDisclosure(of(id));

        assertEquals(first, later);
        assertThat(later.getDocument()).contains("アンシン書店").doesNotContain("変わった店名");
        assertEquals(3, ExportReceivers.authorizations.size(), "gathered once, when the request went in progress");
    }

    @Test
    void anotherMembersDisclosureIsNotFound() {
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);

        var refusal = assertThrows(StatusRuntimeException.class, () -> asMember(GrpcTestClient.newMemberId()).getDisclosure(of(id)));

        assertEquals(Status.Code.NOT_FOUND, refusal.getStatus().getCode());
        assertEquals("PRIVACY_REQUEST_NOT_FOUND", ErrorDetails.reason(refusal));
    }

    @Test
    void aRequestOfAnotherKindHasNoExportAndAWaitingOrRejectedDisclosureIsNotReady() {
        String member = applied();
        String correction = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION);
        String received = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);
        String rejected = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);
        asOperator().advancePrivacyRequest(advance(rejected, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_REJECTED)
                .toBuilder().setReason("本人確認書類が確認できませんでした").build());

        assertRefused(() -> asMember(member).getDisclosure(of(correction)), "NOT_A_DISCLOSURE");
        assertRefused(() -> asMember(member).getDisclosure(of(received)), "DISCLOSURE_NOT_READY");
        assertRefused(() -> asMember(member).getDisclosure(of(rejected)), "DISCLOSURE_NOT_READY");
        assertEquals(3, ExportReceivers.authorizations.size(), "only the disclosure that went in progress was gathered");
    }

    @Test
    void downloadingNeedsATwoStepLoginAtMostFiveMinutesOld() {
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);
        String passwordOnly = Tokens.memberPasswordOnly(member);
        String oldTwoStep = Tokens.of(member).roles(Roles.MEMBER).acr(Tokens.TWO_STEP)
                .signedInAt(Instant.now().minus(Duration.ofMinutes(6))).sign();

        for (String token : List.of(passwordOnly, oldTwoStep)) {
            var refusal = assertThrows(StatusRuntimeException.class, () -> stub(token).getDisclosure(of(id)));
            assertEquals(Status.Code.UNAUTHENTICATED, refusal.getStatus().getCode());
            assertEquals("INSUFFICIENT_USER_AUTHENTICATION", ErrorDetails.reason(refusal));
        }
        String recent = Tokens.of(member).roles(Roles.MEMBER).acr(Tokens.TWO_STEP)
                .signedInAt(Instant.now().minus(Duration.ofMinutes(4))).sign();
        assertTrue(stub(recent).getDisclosure(of(id)).getDocument().contains(member));
    }

    @Test
    void onlyTheMemberDownloadsAndThePrivacyExportRoleOpensNothingHere() {
        String member = applied();
        String id = inProgress(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE);

        for (String token : List.of(Tokens.operator("operator-sato"), Tokens.system("consent", Roles.PRIVACY_EXPORT))) {
            var refusal = assertThrows(StatusRuntimeException.class, () -> stub(token).getDisclosure(of(id)));
            assertEquals(Status.Code.PERMISSION_DENIED, refusal.getStatus().getCode());
        }
        var byExportRole = assertThrows(StatusRuntimeException.class, () -> ConsentServiceGrpc.newBlockingStub(
                client.channel(Tokens.system("consent", Roles.PRIVACY_EXPORT))).checkPurpose(
                        dev.anshin.api.consent.v1.CheckPurposeRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member))
                                .setPurpose(dev.anshin.api.consent.v1.Purpose.PURPOSE_MARKETING_OWN).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, byExportRole.getStatus().getCode());
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String reason) {
        var refusal = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.FAILED_PRECONDITION, refusal.getStatus().getCode());
        assertEquals(reason, ErrorDetails.reason(refusal));
    }

    private static JsonObject available(JsonObject sections, String name) {
        JsonObject section = sections.getJsonObject(name);
        assertTrue(section.getBoolean("available"), name + " available: " + section.getString("reason"));
        return section.getJsonObject("data");
    }

    /** A new member whose application consented to every purpose. */
    private String applied() {
        String member = GrpcTestClient.newMemberId();
        var request = RecordApplicationConsentRequest.newBuilder()
                .setApplicationId("app-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setChannel(ConsentChannel.CONSENT_CHANNEL_WEB);
        var consents = ConsentServiceGrpc.newBlockingStub(client.channel(Tokens.system("anshin-applications", Roles.APPLICATIONS)));
        for (PurposeNotice notice : consents.listPurposes(ListPurposesRequest.getDefaultInstance()).getPurposesList()) {
            request.addConsents(PurposeConsent.newBuilder().setPurpose(notice.getPurpose())
                    .setNoticeVersion(notice.getVersion()).setGranted(true));
        }
        consents.recordApplicationConsent(request.build());
        return member;
    }

    private String file(String member, PrivacyRequestKind kind) {
        return asMember(member).filePrivacyRequest(FilePrivacyRequestRequest.newBuilder().setKind(kind)
                .setDetails(kind == PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION ? "電話番号の誤り" : "")
                .setElectronicDelivery(true).build()).getRequest().getId();
    }

    /** A request filed, its requester's identity verified, and moved in progress; its id. */
    private String inProgress(String member, PrivacyRequestKind kind) {
        String id = file(member, kind);
        asOperator().advancePrivacyRequest(advance(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED));
        asOperator().advancePrivacyRequest(advance(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS));
        return id;
    }

    private static AdvancePrivacyRequestRequest advance(String id, PrivacyRequestStatus to) {
        return AdvancePrivacyRequestRequest.newBuilder().setRequestId(id).setStatus(to).build();
    }

    private static GetDisclosureRequest of(String id) {
        return GetDisclosureRequest.newBuilder().setRequestId(id).build();
    }

    private PrivacyRequestServiceBlockingStub stub(String token) {
        return PrivacyRequestServiceGrpc.newBlockingStub(client.channel(token));
    }

    private PrivacyRequestServiceBlockingStub asMember(String member) {
        return stub(Tokens.member(member));
    }

    private PrivacyRequestServiceBlockingStub asOperator() {
        return stub(Tokens.operator("operator-sato"));
    }
}
