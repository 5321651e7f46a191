package dev.anshin.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.CalendarDate;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.consent.v1.AdvancePrivacyRequestRequest;
import dev.anshin.api.consent.v1.FilePrivacyRequestRequest;
import dev.anshin.api.consent.v1.GetPrivacyRequestRequest;
import dev.anshin.api.consent.v1.ListPrivacyRequestsRequest;
import dev.anshin.api.consent.v1.ListPrivacyRequestsResponse;
import dev.anshin.api.consent.v1.PrivacyRequestKind;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc;
import dev.anshin.api.consent.v1.PrivacyRequestServiceGrpc.PrivacyRequestServiceBlockingStub;
import dev.anshin.api.consent.v1.PrivacyRequestStatus;
import dev.anshin.consent.repository.PrivacyRequestRepository;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Privacy requests (Art. 4) over gRPC, on MariaDB: each test is named after the rule it proves. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class PrivacyRequestRulesTest extends GrpcClientTest {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    @Inject
    PrivacyRequestRepository requests;

    @Test
    void everyKindIsFiledAsReceivedAndDueFourteenDaysAfterTheFilingDateInJapan() {
        String member = GrpcTestClient.newMemberId();
        for (PrivacyRequestKind kind : List.of(PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE,
                PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DELETION,
                PrivacyRequestKind.PRIVACY_REQUEST_KIND_STOP_OF_USE)) {
            var filed = file(member, kind, "住所が旧住所のままです。新住所に訂正してください。");

            assertEquals(kind, filed.getKind());
            assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED, filed.getStatus());
            assertEquals(member, filed.getMemberId().getValue());
            assertTrue(filed.getElectronicDelivery());
            assertEquals(date(LocalDate.now(JAPAN).plusDays(14)), filed.getDueDate());
            assertFalse(filed.getOverdue());
            // Stored: read back as filed.
            assertEquals(filed, asMember(member).getPrivacyRequest(get(filed.getId())).getRequest());
        }
    }

    @Test
    void filingNeedsATwoStepLoginAndARefusalStoresNothing() {
        String member = GrpcTestClient.newMemberId();
        var refusal = assertThrows(StatusRuntimeException.class, () -> PrivacyRequestServiceGrpc
                .newBlockingStub(client.channel(Tokens.memberPasswordOnly(member)))
                .filePrivacyRequest(request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "")));

        assertEquals(Status.Code.UNAUTHENTICATED, refusal.getStatus().getCode());
        assertEquals("INSUFFICIENT_USER_AUTHENTICATION", ErrorDetails.reason(refusal));
        assertEquals(0, storedOf(member));
    }

    @Test
    void onlyMembersFileAndOnlyOperatorsAdvance() {
        var byOperator = assertThrows(StatusRuntimeException.class, () -> asOperator()
                .filePrivacyRequest(request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "")));
        assertEquals(Status.Code.PERMISSION_DENIED, byOperator.getStatus().getCode());

        String member = GrpcTestClient.newMemberId();
        var filed = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DELETION, "");
        var byMember = assertThrows(StatusRuntimeException.class, () -> asMember(member)
                .advancePrivacyRequest(advance(filed.getId(), PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED, "")));
        assertEquals(Status.Code.PERMISSION_DENIED, byMember.getStatus().getCode());
        assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED, statusOf(member, filed.getId()));
    }

    @Test
    void malformedRequestsAreInvalidArgumentAndStoreNothing() {
        String member = GrpcTestClient.newMemberId();
        List<FilePrivacyRequestRequest> bad = List.of(
                request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_UNSPECIFIED, "x"),
                FilePrivacyRequestRequest.newBuilder().setKindValue(99).setElectronicDelivery(true).build(),
                request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION, "  "),
                request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "x".repeat(2001)),
                request(PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "").toBuilder().setElectronicDelivery(false).build());
        for (FilePrivacyRequestRequest request : bad) {
            var refusal = assertThrows(StatusRuntimeException.class, () -> asMember(member).filePrivacyRequest(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
            assertEquals("INVALID_REQUEST", ErrorDetails.reason(refusal));
        }
        assertEquals(0, storedOf(member));
    }

    @Test
    void aRequestMovesFromReceivedThroughIdentityVerifiedAndInProgressToCompleted() {
        String member = GrpcTestClient.newMemberId();
        var filed = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "");

        for (PrivacyRequestStatus step : List.of(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED,
                PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED)) {
            var moved = asOperator().advancePrivacyRequest(advance(filed.getId(), step, "")).getRequest();
            assertEquals(step, moved.getStatus());
        }
        assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED, statusOf(member, filed.getId()));
    }

    @Test
    void partialCompletionAndRejectionNeedAReason() {
        String member = GrpcTestClient.newMemberId();
        var partial = inProgress(member);
        var rejected = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DELETION, "");

        for (var refused : List.of(advance(partial, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_PARTIALLY_COMPLETED, " "),
                advance(rejected.getId(), PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_REJECTED, ""))) {
            var refusal = assertThrows(StatusRuntimeException.class, () -> asOperator().advancePrivacyRequest(refused));
            assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
        }
        assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS, statusOf(member, partial));
        assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED, statusOf(member, rejected.getId()));

        var done = asOperator().advancePrivacyRequest(advance(partial,
                PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_PARTIALLY_COMPLETED, "利用明細は法定保存期間中のため削除できません")).getRequest();
        assertEquals(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_PARTIALLY_COMPLETED, done.getStatus());
        assertEquals("利用明細は法定保存期間中のため削除できません", done.getReason());
        // Rejected before it was in progress: the requester's identity could not be verified. The older field works too.
        var no = asOperator().advancePrivacyRequest(AdvancePrivacyRequestRequest.newBuilder().setRequestId(rejected.getId())
                .setStatus(PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_REJECTED)
                .setRejectionReason("本人確認ができませんでした").build()).getRequest();
        assertEquals("本人確認ができませんでした", no.getRejectionReason());
        assertEquals("本人確認ができませんでした", asMember(member).getPrivacyRequest(get(rejected.getId())).getRequest().getReason());
    }

    @Test
    void illegalMovesAreFailedPreconditionAndChangeNothing() {
        String member = GrpcTestClient.newMemberId();
        var received = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION, "生年月日の誤り");
        var completed = inProgress(member);
        asOperator().advancePrivacyRequest(advance(completed, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED, ""));

        record Move(String id, PrivacyRequestStatus to, PrivacyRequestStatus stays) {
        }
        for (Move move : List.of(
                new Move(received.getId(), PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED),
                new Move(received.getId(), PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED),
                new Move(received.getId(), PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_RECEIVED),
                new Move(completed, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED),
                new Move(completed, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_REJECTED, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_COMPLETED))) {
            var refusal = assertThrows(StatusRuntimeException.class,
                    () -> asOperator().advancePrivacyRequest(advance(move.id(), move.to(), "理由")), move.toString());
            assertEquals(Status.Code.FAILED_PRECONDITION, refusal.getStatus().getCode(), move.toString());
            assertEquals("ILLEGAL_STATUS_CHANGE", ErrorDetails.reason(refusal));
            assertEquals(move.stays(), statusOf(member, move.id()));
        }
    }

    @Test
    void anotherMembersRequestIsNotFoundAndNotListed() {
        String hanako = GrpcTestClient.newMemberId();
        String taro = GrpcTestClient.newMemberId();
        var hers = file(hanako, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "");
        file(taro, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DELETION, "");

        var refusal = assertThrows(StatusRuntimeException.class, () -> asMember(taro).getPrivacyRequest(get(hers.getId())));
        assertEquals(Status.Code.NOT_FOUND, refusal.getStatus().getCode());
        assertEquals("PRIVACY_REQUEST_NOT_FOUND", ErrorDetails.reason(refusal));
        assertThat(asMember(taro).listPrivacyRequests(ListPrivacyRequestsRequest.getDefaultInstance()).getRequestsList())
                .hasSize(1).noneMatch(r -> r.getId().equals(hers.getId()));
        // An operator sees any member's.
        assertEquals(hers.getId(), asOperator().getPrivacyRequest(get(hers.getId())).getRequest().getId());
    }

    @Test
    void membersListTheirOwnNewestFirstByPage() {
        String member = GrpcTestClient.newMemberId();
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            filed.add(0, file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "").getId());
        }
        var first = asMember(member).listPrivacyRequests(page(2, ""));
        var second = asMember(member).listPrivacyRequests(page(2, first.getPageInfo().getNextPageToken()));

        assertThat(first.getRequestsList()).extracting(r -> r.getId()).containsExactly(filed.get(0), filed.get(1));
        assertThat(second.getRequestsList()).extracting(r -> r.getId()).containsExactly(filed.get(2));
        assertTrue(second.getPageInfo().getNextPageToken().isEmpty());
        // Filters are the operators'.
        var refusal = assertThrows(StatusRuntimeException.class, () -> asMember(member)
                .listPrivacyRequests(ListPrivacyRequestsRequest.newBuilder().setOverdueOnly(true).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refusal.getStatus().getCode());
    }

    @Test
    void operatorsListTheOverdueOnesThatAreNotFinished() {
        String member = GrpcTestClient.newMemberId();
        String late = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DISCLOSURE, "").getId();
        String lateButDone = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_DELETION, "").getId();
        String onTime = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_STOP_OF_USE, "").getId();
        asOperator().advancePrivacyRequest(advance(lateButDone, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_REJECTED, "重複した請求"));
        // Filed 15 days ago: due yesterday.
        LocalDate yesterday = LocalDate.now(JAPAN).minusDays(1);
        dueOn(late, yesterday);
        dueOn(lateButDone, yesterday);
        // Due today is not late yet.
        dueOn(onTime, LocalDate.now(JAPAN));

        List<dev.anshin.api.consent.v1.PrivacyRequest> overdue = new ArrayList<>();
        String token = "";
        do {
            ListPrivacyRequestsResponse page = asOperator().listPrivacyRequests(ListPrivacyRequestsRequest.newBuilder()
                    .setOverdueOnly(true).setPage(PageRequest.newBuilder().setPageSize(100).setPageToken(token)).build());
            overdue.addAll(page.getRequestsList());
            token = page.getPageInfo().getNextPageToken();
        } while (!token.isEmpty());

        assertThat(overdue).filteredOn(r -> r.getMemberId().getValue().equals(member)).extracting(r -> r.getId())
                .containsExactly(late);
        assertThat(overdue).allMatch(r -> r.getOverdue());
        assertTrue(asMember(member).getPrivacyRequest(get(late)).getRequest().getOverdue());
        assertFalse(asMember(member).getPrivacyRequest(get(onTime)).getRequest().getOverdue());
    }

    private dev.anshin.api.consent.v1.PrivacyRequest file(String member, PrivacyRequestKind kind, String details) {
        return asMember(member).filePrivacyRequest(request(kind, details)).getRequest();
    }

    /** A correction filed and moved to in progress; its id. */
    private String inProgress(String member) {
        String id = file(member, PrivacyRequestKind.PRIVACY_REQUEST_KIND_CORRECTION, "電話番号の誤り").getId();
        asOperator().advancePrivacyRequest(advance(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IDENTITY_VERIFIED, ""));
        asOperator().advancePrivacyRequest(advance(id, PrivacyRequestStatus.PRIVACY_REQUEST_STATUS_IN_PROGRESS, ""));
        return id;
    }

    private PrivacyRequestStatus statusOf(String member, String id) {
        return asMember(member).getPrivacyRequest(get(id)).getRequest().getStatus();
    }

    private long storedOf(String member) {
        return QuarkusTransaction.requiringNew().call(() -> requests.count("memberId", member));
    }

    private void dueOn(String id, LocalDate due) {
        QuarkusTransaction.requiringNew().run(() -> requests.update("dueDate = ?1 where id = ?2", due, id));
    }

    private static FilePrivacyRequestRequest request(PrivacyRequestKind kind, String details) {
        return FilePrivacyRequestRequest.newBuilder().setKind(kind).setDetails(details).setElectronicDelivery(true).build();
    }

    private static AdvancePrivacyRequestRequest advance(String id, PrivacyRequestStatus to, String reason) {
        return AdvancePrivacyRequestRequest.newBuilder().setRequestId(id).setStatus(to).setReason(reason).build();
    }

    private static GetPrivacyRequestRequest get(String id) {
        return GetPrivacyRequestRequest.newBuilder().setRequestId(id).build();
    }

    private static ListPrivacyRequestsRequest page(int size, String token) {
        return ListPrivacyRequestsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageSize(size).setPageToken(token))
                .build();
    }

    private static CalendarDate date(LocalDate date) {
        return CalendarDate.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth()).build();
    }

    private PrivacyRequestServiceBlockingStub asMember(String member) {
        return PrivacyRequestServiceGrpc.newBlockingStub(client.channel(Tokens.member(member)));
    }

    private PrivacyRequestServiceBlockingStub asOperator() {
        return PrivacyRequestServiceGrpc.newBlockingStub(client.channel(Tokens.operator("operator-sato")));
    }
}
