package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.consent.v1.CheckPurposeRequest;
import dev.anshin.api.consent.v1.ConsentChannel;
import dev.anshin.api.consent.v1.ConsentEventKind;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.ConsentServiceGrpc.ConsentServiceBlockingStub;
import dev.anshin.api.consent.v1.ConsentState;
import dev.anshin.api.consent.v1.GetConsentStateRequest;
import dev.anshin.api.consent.v1.GetReceiptKeysRequest;
import dev.anshin.api.consent.v1.GetReceiptRequest;
import dev.anshin.api.consent.v1.ListConsentEventsRequest;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.NoticeMechanism;
import dev.anshin.api.consent.v1.OptInRequest;
import dev.anshin.api.consent.v1.OptOutRequest;
import dev.anshin.api.consent.v1.PublishNoticeRequest;
import dev.anshin.api.consent.v1.Purpose;
import dev.anshin.api.consent.v1.PurposeConsent;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.api.consent.v1.PurposeState;
import dev.anshin.api.consent.v1.RecordApplicationConsentRequest;
import dev.anshin.api.consent.v1.RecordApplicationConsentResponse;
import dev.anshin.consent.grpc.Roles;
import dev.anshin.consent.repository.ConsentEventRepository;
import dev.anshin.consent.repository.ConsentRefusalRepository;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The consent rules over gRPC, on MariaDB: each test is named after the rule it proves. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ConsentRulesTest extends GrpcClientTest {

    private static final String PARTNER = "partner-airline";

    @Inject
    ConsentEventRepository events;

    @Inject
    ConsentRefusalRepository refusals;

    @Test
    void listPurposesGivesTheFiveNoticesWithControllerMechanismAndTextHash() {
        var purposes = as(Tokens.memberPasswordOnly(GrpcTestClient.newMemberId()))
                .listPurposes(ListPurposesRequest.getDefaultInstance()).getPurposesList();

        assertThat(purposes).extracting(PurposeNotice::getPurpose).containsExactly(Purpose.PURPOSE_CREDIT_MANAGEMENT,
                Purpose.PURPOSE_CREDIT_BUREAU, Purpose.PURPOSE_MARKETING_OWN, Purpose.PURPOSE_MARKETING_THIRD_PARTY,
                Purpose.PURPOSE_MARKET_RESEARCH);
        for (PurposeNotice notice : purposes) {
            assertEquals("issuer", notice.getController());
            assertEquals(notice.getRequired() ? NoticeMechanism.NOTICE_MECHANISM_REQUIRED
                    : NoticeMechanism.NOTICE_MECHANISM_OPT_OUT, notice.getMechanism());
            assertEquals(NoticeText.sha256(notice.getTextJa(), notice.getTextEn()), notice.getTextSha256());
            assertThat(notice.getTextJa()).isNotBlank();
            assertThat(notice.getTextEn()).isNotBlank();
        }
        assertThat(purposes).filteredOn(PurposeNotice::getRequired).extracting(PurposeNotice::getPurpose)
                .containsExactly(Purpose.PURPOSE_CREDIT_MANAGEMENT, Purpose.PURPOSE_CREDIT_BUREAU);
    }

    @Test
    void optOutIsVisibleToCheckPurposeAtOnce() {
        String member = applied(true);
        var notification = as(Tokens.system("notification-service", Roles.CONSENT_CHECK));
        assertTrue(notification.checkPurpose(check(member, Purpose.PURPOSE_MARKETING_OWN)).getAllowed());

        // Stopping needs no two-step login: stopping must be as easy as agreeing.
        var stopped = as(Tokens.memberPasswordOnly(member)).optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_OWN).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build());

        assertTrue(stopped.getChanged());
        assertFalse(notification.checkPurpose(check(member, Purpose.PURPOSE_MARKETING_OWN)).getAllowed());
        assertTrue(notification.checkPurpose(check(member, Purpose.PURPOSE_MARKETING_THIRD_PARTY)).getAllowed());
        // Again: a no-op, no receipt.
        var again = as(Tokens.memberPasswordOnly(member)).optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_OWN).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build());
        assertFalse(again.getChanged());
        assertFalse(again.hasReceipt());
    }

    @Test
    void aMemberWithoutAConsentRecordIsNotAllowedAnyPurpose() {
        var answer = as(Tokens.system("notification-service", Roles.CONSENT_CHECK))
                .checkPurpose(check(GrpcTestClient.newMemberId(), Purpose.PURPOSE_MARKETING_OWN));

        assertFalse(answer.getAllowed());
    }

    @Test
    void aRequiredPurposeCannotBeWithdrawnAndTheAttemptIsRecorded() {
        String member = applied(true);
        long eventsBefore = count(() -> events.count("memberId", member));

        var refusal = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member)).optOut(
                OptOutRequest.newBuilder().setPurpose(Purpose.PURPOSE_CREDIT_BUREAU)
                        .setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, refusal.getStatus().getCode());
        assertEquals("REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES", ErrorDetails.reason(refusal));
        assertThat(refusal.getStatus().getDescription()).contains("cancel the card contract");
        assertEquals(eventsBefore, count(() -> events.count("memberId", member)));
        assertTrue(stateOf(member, Purpose.PURPOSE_CREDIT_BUREAU).getGranted());
        var recorded = QuarkusTransaction.requiringNew().call(() -> refusals.ofMember(member));
        assertThat(recorded).hasSize(1);
        assertEquals(dev.anshin.consent.Purpose.CREDIT_BUREAU, recorded.get(0).purpose);
        assertEquals("REQUIRED_PURPOSE_WHILE_CONTRACT_LIVES", recorded.get(0).reason);
        assertEquals(ActorKind.MEMBER, recorded.get(0).actorKind);
    }

    @Test
    void theReceiptVerifiesWithThePublicKeyAndIsFetchedAgain() throws Exception {
        String member = applied(true);

        var change = as(Tokens.member(member)).optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_THIRD_PARTY).setChannel(ConsentChannel.CONSENT_CHANNEL_WEB).build());
        var receipt = change.getReceipt();

        var jws = new JsonWebSignature();
        jws.setCompactSerialization(receipt.getJws());
        jws.setKey(publicKey());
        assertTrue(jws.verifySignature(), "the receipt's signature verifies with the service's public key");
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertEquals("consent-local-2026-12", jws.getKeyIdHeaderValue());
        assertEquals(receipt.getKeyId(), jws.getKeyIdHeaderValue());
        Map<String, Object> claims = JsonUtil.parseJson(jws.getPayload());
        assertEquals(receipt.getId(), claims.get("jti"));
        assertEquals(member, claims.get("sub"));
        @SuppressWarnings("unchecked")
        var changes = (List<Map<String, Object>>) claims.get("changes");
        assertThat(changes).hasSize(1);
        assertEquals("MARKETING_THIRD_PARTY", changes.get(0).get("purpose"));
        assertEquals("WITHDRAWN", changes.get(0).get("kind"));
        assertEquals(receipt.getChanges(0).getNoticeSha256(), changes.get(0).get("notice_sha256"));
        assertThat(receipt.getChanges(0).getNoticeSha256()).hasSize(64);
        assertEquals(ConsentEventKind.CONSENT_EVENT_KIND_WITHDRAWN, receipt.getChanges(0).getKind());

        var again = as(Tokens.memberPasswordOnly(member))
                .getReceipt(GetReceiptRequest.newBuilder().setReceiptId(receipt.getId()).build()).getReceipt();
        assertEquals(receipt, again);
        // An operator may fetch it too.
        assertEquals(receipt, as(Tokens.operator("op-" + UUID.randomUUID()))
                .getReceipt(GetReceiptRequest.newBuilder().setReceiptId(receipt.getId()).build()).getReceipt());
        // A tampered receipt does not verify.
        var tampered = new JsonWebSignature();
        String[] parts = receipt.getJws().split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                jws.getPayload().replace("WITHDRAWN", "GRANTED").getBytes(StandardCharsets.UTF_8));
        tampered.setCompactSerialization(parts[0] + "." + otherPayload + "." + parts[2]);
        tampered.setKey(publicKey());
        assertFalse(tampered.verifySignature());
    }

    @Test
    void aReceiptVerifiesWithTheKeyTheServicePublishes() throws Exception {
        String member = applied(true);
        var receipt = as(Tokens.member(member)).optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_OWN).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build())
                .getReceipt();

        var keys = as(Tokens.memberPasswordOnly(member)).getReceiptKeys(GetReceiptKeysRequest.getDefaultInstance());

        assertThat(keys.getKeysList()).singleElement().satisfies(key -> {
            assertEquals("consent-local-2026-12", key.getKeyId());
            assertTrue(key.getCurrent());
        });
        var jwk = JsonWebKey.Factory.newJwk(keys.getKeys(0).getJwk());
        assertEquals("RSA", jwk.getKeyType());
        assertEquals("RS256", jwk.getAlgorithm());
        assertEquals("sig", jwk.getUse());
        assertThat(keys.getKeys(0).getJwk()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
        assertEquals(publicKey(), jwk.getKey(), "the published key is the service's public key");
        var jws = new JsonWebSignature();
        jws.setCompactSerialization(receipt.getJws());
        jws.setKey(jwk.getKey());
        assertTrue(jws.verifySignature());
        assertEquals(jwk.getKeyId(), jws.getKeyIdHeaderValue());
    }

    @Test
    void anotherMembersReceiptIsNotFound() {
        String member = applied(true);
        var receipt = as(Tokens.member(member)).optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_OWN).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build())
                .getReceipt();

        var other = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(GrpcTestClient.newMemberId()))
                .getReceipt(GetReceiptRequest.newBuilder().setReceiptId(receipt.getId()).build()));
        var unknown = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member))
                .getReceipt(GetReceiptRequest.newBuilder().setReceiptId(UUID.randomUUID().toString()).build()));

        assertEquals(Status.Code.NOT_FOUND, other.getStatus().getCode());
        assertEquals("RECEIPT_NOT_FOUND", ErrorDetails.reason(other));
        // Not told apart from a receipt that does not exist.
        assertEquals(unknown.getStatus().getDescription(), other.getStatus().getDescription());
    }

    @Test
    void aNewerNoticeShowsInTheStateAndTheConsentKeepsItsVersion() {
        String member = applied(true);
        String before = stateOf(member, Purpose.PURPOSE_MARKET_RESEARCH).getNoticeVersion();
        String version = newVersion();

        var published = as(Tokens.operator("op-" + UUID.randomUUID())).publishNotice(PublishNoticeRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKET_RESEARCH).setVersion(version)
                .setTextJa("当社は、市場調査及び商品開発のために個人情報を利用します（改定）。")
                .setTextEn("We use your personal information for market research and product development (revised).")
                .build()).getNotice();

        assertEquals(NoticeText.sha256(published.getTextJa(), published.getTextEn()), published.getTextSha256());
        assertEquals(NoticeMechanism.NOTICE_MECHANISM_OPT_OUT, published.getMechanism());
        assertEquals("2(1)③", published.getArticle());
        var state = stateOf(member, Purpose.PURPOSE_MARKET_RESEARCH);
        assertTrue(state.getGranted());
        assertEquals(before, state.getNoticeVersion());
        assertEquals(version, state.getCurrentNoticeVersion());
        assertTrue(state.getNewerNoticeAvailable());

        // Consenting to the new notice (two-step) moves the member onto it.
        var optIn = as(Tokens.member(member)).optIn(OptInRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKET_RESEARCH)
                .setNoticeVersion(version).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build());
        assertTrue(optIn.getChanged());
        var after = stateOf(member, Purpose.PURPOSE_MARKET_RESEARCH);
        assertEquals(version, after.getNoticeVersion());
        assertFalse(after.getNewerNoticeAvailable());
        assertEquals(published.getTextSha256(), after.getNoticeSha256());
        // The old version is no longer the one to consent to.
        var outdated = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member)).optIn(
                OptInRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKET_RESEARCH).setNoticeVersion(before)
                        .setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, outdated.getStatus().getCode());
        assertEquals("NOTICE_NOT_CURRENT", ErrorDetails.reason(outdated));
    }

    @Test
    void onlyAnOperatorPublishesANoticeAndAPublishedVersionIsNeverReplaced() {
        var request = PublishNoticeRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKETING_OWN).setVersion(newVersion())
                .setTextJa("改定された通知。").setTextEn("A revised notice.")
                // In the future: no other test's current notice moves.
                .setEffectiveFrom(com.google.protobuf.Timestamp.newBuilder().setSeconds(32503680000L))
                .build();

        var member = assertThrows(StatusRuntimeException.class,
                () -> as(Tokens.member(GrpcTestClient.newMemberId())).publishNotice(request));
        assertEquals(Status.Code.PERMISSION_DENIED, member.getStatus().getCode());

        as(Tokens.operator("op-" + UUID.randomUUID())).publishNotice(request);
        var again = assertThrows(StatusRuntimeException.class,
                () -> as(Tokens.operator("op-" + UUID.randomUUID())).publishNotice(request.toBuilder()
                        .setTextEn("Another wording.").build()));
        assertEquals(Status.Code.ALREADY_EXISTS, again.getStatus().getCode());
        assertEquals("NOTICE_VERSION_EXISTS", ErrorDetails.reason(again));
    }

    @Test
    void thePartnersRecordIsUntouchedByAnIssuerSideChange() {
        String partnerVersion = newVersion();
        as(Tokens.operator("op-" + UUID.randomUUID())).publishNotice(PublishNoticeRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_THIRD_PARTY).setVersion(partnerVersion).setPartnerId(PARTNER)
                .setTextJa("提携先は、提携先の同意条項に基づき個人情報を利用します。")
                .setTextEn("The partner uses your personal information under its own clause.")
                .build());
        String member = GrpcTestClient.newMemberId();
        var request = application(member, true).toBuilder().setPartnerId(PARTNER)
                .addPartnerConsents(PurposeConsent.newBuilder().setPurpose(Purpose.PURPOSE_MARKETING_THIRD_PARTY)
                        .setNoticeVersion(partnerVersion).setGranted(true))
                .build();
        as(applications()).recordApplicationConsent(request);
        var partnerBefore = as(Tokens.member(member)).getConsentState(GetConsentStateRequest.getDefaultInstance())
                .getState().getPartnerPurposesList();
        assertThat(partnerBefore).singleElement().satisfies(partner -> {
            assertEquals(PARTNER, partner.getController());
            assertTrue(partner.getGranted());
            assertEquals(partnerVersion, partner.getNoticeVersion());
        });

        as(Tokens.member(member)).optOut(OptOutRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKETING_THIRD_PARTY)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build());

        ConsentState after = as(Tokens.member(member)).getConsentState(GetConsentStateRequest.getDefaultInstance())
                .getState();
        assertFalse(purpose(after.getPurposesList(), Purpose.PURPOSE_MARKETING_THIRD_PARTY).getGranted());
        assertEquals(partnerBefore, after.getPartnerPurposesList());
        long partnerEvents = count(() -> events.count("memberId = ?1 and controller = ?2", member, PARTNER));
        assertEquals(1, partnerEvents);
    }

    @Test
    void aRepeatedApplicationIsANoOpThatReturnsTheFirstReceipt() {
        String member = GrpcTestClient.newMemberId();
        var request = application(member, true);
        var first = as(applications()).recordApplicationConsent(request);
        long eventsAfterFirst = count(() -> events.count("memberId", member));

        var second = as(applications()).recordApplicationConsent(request);

        assertEquals(first.getReceipt(), second.getReceipt());
        assertEquals(eventsAfterFirst, count(() -> events.count("memberId", member)));
        assertEquals(5, eventsAfterFirst);
    }

    @Test
    void anApplicationWithoutARequiredPurposeIsInvalidAndChangesNothing() {
        String member = GrpcTestClient.newMemberId();
        var withoutBureau = application(member, true).toBuilder().clearConsents();
        for (var consent : application(member, true).getConsentsList()) {
            if (consent.getPurpose() != Purpose.PURPOSE_CREDIT_BUREAU) {
                withoutBureau.addConsents(consent);
            }
        }

        var refusal = assertThrows(StatusRuntimeException.class,
                () -> as(applications()).recordApplicationConsent(withoutBureau.build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
        assertEquals(0, count(() -> events.count("memberId", member)));
    }

    @Test
    void anUnknownPurposeIsInvalidArgumentAndChangesNothing() {
        String member = applied(true);
        long before = count(() -> events.count("memberId", member));

        var optOut = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member)).optOut(
                OptOutRequest.newBuilder().setPurposeValue(42).setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));
        var unset = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member)).optIn(
                OptInRequest.newBuilder().setNoticeVersion("2025-04").setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));
        var check = assertThrows(StatusRuntimeException.class, () -> as(Tokens.system("notification-service",
                Roles.CONSENT_CHECK)).checkPurpose(check(member, Purpose.PURPOSE_UNSPECIFIED)));
        var required = assertThrows(StatusRuntimeException.class, () -> as(Tokens.system("notification-service",
                Roles.CONSENT_CHECK)).checkPurpose(check(member, Purpose.PURPOSE_CREDIT_BUREAU)));
        var version = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member)).optIn(
                OptInRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKETING_OWN).setNoticeVersion("no-such")
                        .setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build()));

        for (var refusal : List.of(optOut, unset, check, required, version)) {
            assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
            assertEquals("INVALID_REQUEST", ErrorDetails.reason(refusal));
        }
        assertEquals(before, count(() -> events.count("memberId", member)));
    }

    @Test
    void aMissingMemberIsInvalidArgumentOrNotFoundAndChangesNothing() {
        var operator = as(Tokens.operator("op-" + UUID.randomUUID()));
        String stranger = GrpcTestClient.newMemberId();

        var noMember = assertThrows(StatusRuntimeException.class, () -> operator.optOut(OptOutRequest.newBuilder()
                .setPurpose(Purpose.PURPOSE_MARKETING_OWN).setChannel(ConsentChannel.CONSENT_CHANNEL_PHONE).build()));
        var noCheckMember = assertThrows(StatusRuntimeException.class, () -> as(Tokens.system("notification-service",
                Roles.CONSENT_CHECK)).checkPurpose(CheckPurposeRequest.newBuilder()
                        .setPurpose(Purpose.PURPOSE_MARKETING_OWN).build()));
        var noApplicant = assertThrows(StatusRuntimeException.class, () -> as(applications())
                .recordApplicationConsent(application("", true)));
        var unknown = assertThrows(StatusRuntimeException.class, () -> operator.optOut(OptOutRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(stranger)).setPurpose(Purpose.PURPOSE_MARKETING_OWN)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_PHONE).build()));
        var unknownState = assertThrows(StatusRuntimeException.class, () -> operator.getConsentState(
                GetConsentStateRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(stranger)).build()));

        for (var refusal : List.of(noMember, noCheckMember, noApplicant)) {
            assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
        }
        for (var refusal : List.of(unknown, unknownState)) {
            assertEquals(Status.Code.NOT_FOUND, refusal.getStatus().getCode());
            assertEquals("CONSENT_RECORD_NOT_FOUND", ErrorDetails.reason(refusal));
            assertThat(refusal.getStatus().getDescription()).doesNotContain(stranger);
        }
        assertEquals(0, count(() -> events.count("memberId", stranger)));
    }

    @Test
    void anOperatorActsOnTheMembersRequestAndIsRecordedAsTheActor() {
        String member = applied(true);
        String operatorId = "op-" + UUID.randomUUID();

        as(Tokens.operator(operatorId)).optOut(OptOutRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member)).setPurpose(Purpose.PURPOSE_MARKETING_OWN)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_PHONE).build());

        var latest = as(Tokens.member(member)).listConsentEvents(ListConsentEventsRequest.getDefaultInstance())
                .getEvents(0);
        assertEquals(operatorId, latest.getActor().getId());
        assertEquals(dev.anshin.api.common.v1.ActorKind.ACTOR_KIND_OPERATOR, latest.getActor().getKind());
        assertEquals(ConsentChannel.CONSENT_CHANNEL_PHONE, latest.getChannel());
    }

    @Test
    void consentEventsArePagedByKeyNewestFirstWithoutRepeatsOrGaps() {
        String member = applied(true);
        var stub = as(Tokens.member(member));
        stub.optOut(OptOutRequest.newBuilder().setPurpose(Purpose.PURPOSE_MARKETING_OWN)
                .setChannel(ConsentChannel.CONSENT_CHANNEL_APP).build());

        var first = stub.listConsentEvents(ListConsentEventsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(4)).build());
        var second = stub.listConsentEvents(ListConsentEventsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(4).setPageToken(first.getPageInfo().getNextPageToken()))
                .build());

        assertThat(first.getEventsList()).hasSize(4);
        assertThat(second.getEventsList()).hasSize(2);
        assertThat(second.getPageInfo().getNextPageToken()).isEmpty();
        assertEquals(Purpose.PURPOSE_MARKETING_OWN, first.getEvents(0).getPurpose());
        assertEquals(ConsentEventKind.CONSENT_EVENT_KIND_WITHDRAWN, first.getEvents(0).getKind());
        var ids = new java.util.HashSet<String>();
        first.getEventsList().forEach(event -> ids.add(event.getId()));
        second.getEventsList().forEach(event -> ids.add(event.getId()));
        assertEquals(6, ids.size());
        var badToken = assertThrows(StatusRuntimeException.class, () -> stub.listConsentEvents(
                ListConsentEventsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageToken("nonsense")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badToken.getStatus().getCode());
    }

    @Test
    void aMemberNeverReadsAnotherMembersConsent() {
        String member = applied(true);
        var refusal = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(GrpcTestClient.newMemberId()))
                .getConsentState(GetConsentStateRequest.newBuilder()
                        .setMemberId(MemberId.newBuilder().setValue(member)).build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
    }

    @Test
    void onlyMessagingSystemsAskCheckPurposeAndOnlyTheApplicationSystemRecordsApplications() {
        String member = applied(true);

        var memberAsks = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member))
                .checkPurpose(check(member, Purpose.PURPOSE_MARKETING_OWN)));
        var otherSystem = assertThrows(StatusRuntimeException.class, () -> as(Tokens.system("card-control",
                "card-control")).checkPurpose(check(member, Purpose.PURPOSE_MARKETING_OWN)));
        var memberApplies = assertThrows(StatusRuntimeException.class, () -> as(Tokens.member(member))
                .recordApplicationConsent(application(GrpcTestClient.newMemberId(), true)));

        for (var refusal : List.of(memberAsks, otherSystem, memberApplies)) {
            assertEquals(Status.Code.PERMISSION_DENIED, refusal.getStatus().getCode());
        }
    }

    // --- helpers

    private ConsentServiceBlockingStub as(String token) {
        return ConsentServiceGrpc.newBlockingStub(client.channel(token));
    }

    private static String applications() {
        return Tokens.system("anshin-applications", Roles.APPLICATIONS);
    }

    /** A new member whose application consented to every purpose (optional ones as given). */
    private String applied(boolean optional) {
        String member = GrpcTestClient.newMemberId();
        RecordApplicationConsentResponse response = as(applications()).recordApplicationConsent(application(member, optional));
        assertThat(response.getReceipt().getChangesList()).hasSize(5);
        return member;
    }

    private RecordApplicationConsentRequest application(String member, boolean optional) {
        var request = RecordApplicationConsentRequest.newBuilder()
                .setApplicationId("app-" + UUID.randomUUID())
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setChannel(ConsentChannel.CONSENT_CHANNEL_WEB);
        for (PurposeNotice notice : as(Tokens.memberPasswordOnly(GrpcTestClient.newMemberId()))
                .listPurposes(ListPurposesRequest.getDefaultInstance()).getPurposesList()) {
            request.addConsents(PurposeConsent.newBuilder().setPurpose(notice.getPurpose())
                    .setNoticeVersion(notice.getVersion()).setGranted(notice.getRequired() || optional));
        }
        return request.build();
    }

    private PurposeState stateOf(String member, Purpose purpose) {
        return purpose(as(Tokens.memberPasswordOnly(member)).getConsentState(GetConsentStateRequest.getDefaultInstance())
                .getState().getPurposesList(), purpose);
    }

    private static PurposeState purpose(List<PurposeState> states, Purpose purpose) {
        return states.stream().filter(state -> state.getPurpose() == purpose).findFirst().orElseThrow();
    }

    private static CheckPurposeRequest check(String member, Purpose purpose) {
        return CheckPurposeRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(member)).setPurpose(purpose)
                .build();
    }

    private static long count(Supplier<Long> query) {
        return QuarkusTransaction.requiringNew().call(query::get);
    }

    /** A version no other run has published: at most 16 characters. */
    private static String newVersion() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private static PublicKey publicKey() throws Exception {
        try (InputStream pem = ConsentRulesTest.class.getResourceAsStream("/receipt-signing-local.pub.pem")) {
            String body = new String(pem.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
