package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.consent.v1.BureauRecordKind;
import dev.anshin.api.consent.v1.BureauRetention;
import dev.anshin.api.consent.v1.ConsentChannel;
import dev.anshin.api.consent.v1.ConsentServiceGrpc;
import dev.anshin.api.consent.v1.ConsentServiceGrpc.ConsentServiceBlockingStub;
import dev.anshin.api.consent.v1.GetBureauRetentionRequest;
import dev.anshin.api.consent.v1.ListPurposesRequest;
import dev.anshin.api.consent.v1.PurposeConsent;
import dev.anshin.api.consent.v1.PurposeNotice;
import dev.anshin.api.consent.v1.RecordApplicationConsentRequest;
import dev.anshin.consent.grpc.Roles;
import dev.anshin.consent.service.BureauRetentionService;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Credit-bureau retention dates over gRPC, on MariaDB: each test is named after the rule it proves. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
// Not restricted to this class: every test class then runs against one set of resources, so Quarkus starts once
// (after a restart in the same JVM, refusals were seen answered INTERNAL: the error mapping did not know them).
@QuarkusTestResource(ExportReceivers.class)
class BureauRetentionTest extends GrpcClientTest {

    @org.junit.jupiter.api.BeforeEach
    @org.junit.jupiter.api.AfterEach
    void cardControlAnswers() {
        ExportReceivers.reset();
    }

    @Inject
    EntityManager entityManager;

    @Test
    void anApplicationOn0831IsKeptUntil0228() {
        assertEquals(LocalDate.of(2026, 2, 28), BureauRetentionService.inquiryKeptUntil(LocalDate.of(2025, 8, 31)));
        // In a leap year the clamp lands on the 29th; a day that exists six months on is kept to that day.
        assertEquals(LocalDate.of(2028, 2, 29), BureauRetentionService.inquiryKeptUntil(LocalDate.of(2027, 8, 31)));
        assertEquals(LocalDate.of(2026, 3, 15), BureauRetentionService.inquiryKeptUntil(LocalDate.of(2025, 9, 15)));
    }

    @Test
    void theInquiryIsKeptSixMonthsFromTheApplicationDateClampedToMonthEnd() {
        String member = appliedAt(Instant.parse("2025-08-31T01:00:00Z")); // 10:00 on 08-31 in Japan

        List<BureauRetention> inquiries = retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_INQUIRY);

        assertThat(inquiries).extracting(BureauRetention::getBureau).containsExactly("CIC", "JICC");
        for (BureauRetention inquiry : inquiries) {
            assertEquals(date(2025, 8, 31), inquiry.getFromDate());
            assertEquals(date(2026, 2, 28), inquiry.getRetainedUntil());
        }
        assertThat(inquiries.get(0).getDisclosureContact()).contains("https://www.cic.co.jp/");
        assertThat(inquiries.get(1).getDisclosureContact()).contains("https://www.jicc.co.jp/");
    }

    @Test
    void theApplicationDateIsTheDateInJapan() {
        String member = appliedAt(Instant.parse("2025-08-31T15:30:00Z")); // 00:30 on 09-01 in Japan

        for (BureauRetention inquiry : retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_INQUIRY)) {
            assertEquals(date(2025, 9, 1), inquiry.getFromDate());
            assertEquals(date(2026, 3, 1), inquiry.getRetainedUntil());
        }
    }

    @Test
    void contractFactsAreKeptWhileTheContractLivesWithNoEndDateYet() {
        String member = appliedAt(Instant.parse("2025-04-01T00:00:00Z"));

        List<BureauRetention> contracts = retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_CONTRACT);

        assertThat(contracts).extracting(BureauRetention::getBureau).containsExactly("CIC", "JICC");
        for (BureauRetention contract : contracts) {
            assertFalse(contract.hasFromDate());
            assertFalse(contract.hasRetainedUntil());
        }
    }

    @Test
    void contractFactsAreKeptFiveYearsAfterTheAccountsEndDateFromCardControlClampedToMonthEnd() {
        String member = appliedAt(Instant.parse("2023-04-01T00:00:00Z"));
        ExportReceivers.accountEnds.put(member, LocalDate.of(2024, 2, 29));

        List<BureauRetention> contracts = retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_CONTRACT);

        assertThat(contracts).extracting(BureauRetention::getBureau).containsExactly("CIC", "JICC");
        for (BureauRetention contract : contracts) {
            assertEquals(date(2024, 2, 29), contract.getFromDate());
            assertEquals(date(2029, 2, 28), contract.getRetainedUntil());
        }
        assertThat(ExportReceivers.authorizations).isNotEmpty().allSatisfy(header -> assertThat(header).startsWith("Bearer "));
    }

    @Test
    void withoutCardControlTheDatesAreUnavailableRatherThanWrong() {
        String member = appliedAt(Instant.parse("2025-04-01T00:00:00Z"));
        ExportReceivers.mode.put("card-control", ExportReceivers.Mode.DOWN);

        var refusal = assertThrows(StatusRuntimeException.class, () -> as(Tokens.memberPasswordOnly(member))
                .getBureauRetention(GetBureauRetentionRequest.getDefaultInstance()));

        assertEquals(Status.Code.UNAVAILABLE, refusal.getStatus().getCode());
        assertEquals("ACCOUNT_STATUS_UNAVAILABLE", ErrorDetails.reason(refusal));
    }

    @Test
    void anOperatorNamesTheMemberAndAMemberWithoutARecordIsNotFound() {
        String member = appliedAt(Instant.parse("2025-08-31T01:00:00Z"));
        var operator = as(Tokens.operator("operator-sato"));
        assertEquals(4, operator.getBureauRetention(GetBureauRetentionRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member)).build()).getRetentionsCount());

        var refusal = assertThrows(StatusRuntimeException.class, () -> as(Tokens.memberPasswordOnly(GrpcTestClient.newMemberId()))
                .getBureauRetention(GetBureauRetentionRequest.getDefaultInstance()));
        assertEquals(Status.Code.NOT_FOUND, refusal.getStatus().getCode());
        assertEquals("CONSENT_RECORD_NOT_FOUND", ErrorDetails.reason(refusal));
    }

    /** A member whose application the application system recorded, then dated {@code at} (as if recorded then). */
    @Test
    void anApplicationTakenBeforeReceiptsCountsForTheInquiryAndIsAnsweredWithoutAReceipt() {
        // As a member's record brought over from the issuer's earlier system: the paper application's consents and
        // the application itself, with no receipt.
        String member = GrpcTestClient.newMemberId();
        String applicationId = "paper-" + UUID.randomUUID();
        Instant applied = Instant.parse("2025-08-31T01:00:00Z");
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    INSERT INTO consent_event (id, member_id, purpose, kind, notice_version, channel, actor_kind,
                                               actor_id, occurred_at, sequence_no, notice_sha256, controller)
                    SELECT CONCAT(SUBSTRING(?1, 1, 30), LPAD(ROW_NUMBER() OVER (ORDER BY purpose), 6, '0')), ?2,
                           purpose, 'GRANTED', version, 'PAPER', 'SYSTEM', 'anshin-applications', ?3,
                           ROW_NUMBER() OVER (ORDER BY purpose), text_sha256, controller
                    FROM purpose_notice WHERE version = '2025-04' AND controller = 'issuer'""")
                    .setParameter(1, UUID.randomUUID().toString()).setParameter(2, member).setParameter(3, applied)
                    .executeUpdate();
            entityManager.createNativeQuery("""
                    INSERT INTO consent_application (application_id, member_id, receipt_id, recorded_at)
                    VALUES (?1, ?2, NULL, ?3)""")
                    .setParameter(1, applicationId).setParameter(2, member).setParameter(3, applied).executeUpdate();
        });

        for (BureauRetention inquiry : retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_INQUIRY)) {
            assertEquals(date(2025, 8, 31), inquiry.getFromDate());
            assertEquals(date(2026, 2, 28), inquiry.getRetainedUntil());
        }
        assertThat(retentionOf(member, BureauRecordKind.BUREAU_RECORD_KIND_INQUIRY)).hasSize(2);

        // The application system sending the same application again gets the state back, and no made-up receipt.
        var request = RecordApplicationConsentRequest.newBuilder().setApplicationId(applicationId)
                .setMemberId(MemberId.newBuilder().setValue(member)).setChannel(ConsentChannel.CONSENT_CHANNEL_WEB);
        for (PurposeNotice notice : as(Tokens.memberPasswordOnly(member)).listPurposes(ListPurposesRequest.getDefaultInstance())
                .getPurposesList()) {
            request.addConsents(PurposeConsent.newBuilder().setPurpose(notice.getPurpose())
                    .setNoticeVersion(notice.getVersion()).setGranted(true));
        }
        var answer = as(Tokens.system("anshin-applications", Roles.APPLICATIONS)).recordApplicationConsent(request.build());
        assertFalse(answer.hasReceipt());
    }

    private String appliedAt(Instant at) {
        String member = GrpcTestClient.newMemberId();
        String applicationId = "app-" + UUID.randomUUID();
        var request = RecordApplicationConsentRequest.newBuilder().setApplicationId(applicationId)
                .setMemberId(MemberId.newBuilder().setValue(member)).setChannel(ConsentChannel.CONSENT_CHANNEL_WEB);
        for (PurposeNotice notice : as(Tokens.memberPasswordOnly(member)).listPurposes(ListPurposesRequest.getDefaultInstance())
                .getPurposesList()) {
            request.addConsents(PurposeConsent.newBuilder().setPurpose(notice.getPurpose())
                    .setNoticeVersion(notice.getVersion()).setGranted(true));
        }
        as(Tokens.system("anshin-applications", Roles.APPLICATIONS)).recordApplicationConsent(request.build());
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE consent_application SET recorded_at = ?1 WHERE application_id = ?2")
                .setParameter(1, at).setParameter(2, applicationId).executeUpdate());
        return member;
    }

    private List<BureauRetention> retentionOf(String member, BureauRecordKind kind) {
        return as(Tokens.memberPasswordOnly(member)).getBureauRetention(GetBureauRetentionRequest.getDefaultInstance())
                .getRetentionsList().stream().filter(r -> r.getKind() == kind).toList();
    }

    private ConsentServiceBlockingStub as(String token) {
        return ConsentServiceGrpc.newBlockingStub(client.channel(token));
    }

    private static CalendarDate date(int year, int month, int day) {
        return CalendarDate.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }
}
