package dev.anshin.statement;

import static dev.anshin.statement.Usage.approval;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.statement.v1.AdvanceDisputeRequest;
import dev.anshin.api.statement.v1.AdvanceDisputeResponse;
import dev.anshin.api.statement.v1.Dispute;
import dev.anshin.api.statement.v1.DisputeStatus;
import dev.anshin.api.statement.v1.DisputeTransactionRequest;
import dev.anshin.api.statement.v1.DisputeTransactionResponse;
import dev.anshin.api.statement.v1.GetDisputeRequest;
import dev.anshin.api.statement.v1.GetTransactionRequest;
import dev.anshin.api.statement.v1.ListDisputesRequest;
import dev.anshin.api.statement.v1.ListDisputesResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import dev.anshin.statement.repository.DisputeRepository;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Disputes of unrecognised charges (身に覚えのない請求): a member disputes a posted charge with two steps, once; fraud
 * compensation covers use on or after the report date minus 60 days (Japan dates); operators move a dispute received →
 * investigating → upheld or rejected (with a reason the member sees).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class DisputeTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String SATO = "operator-sato";

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    ShiftableClock clock;

    @Inject
    DisputeRepository disputes;

    Usage usage;
    String member;
    String card;

    @BeforeEach
    void newMember() {
        usage = new Usage(baseUri);
        member = GrpcTestClient.newMemberId();
        card = Usage.newCardId();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        usage.close();
    }

    private static Instant jst(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(TOKYO).toInstant();
    }

    /** A posted lump-sum charge of the member's, used at {@code usedAt}. */
    private String posted(Instant usedAt) {
        return usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, 12_800,
                "ONLINE SHOP", usedAt).build()).getTransaction().getId();
    }

    private DisputeTransactionResponse dispute(String transactionId, String description) {
        return usage.memberTwoStep(member).disputeTransaction(DisputeTransactionRequest.newBuilder()
                .setTransactionId(transactionId).setDescription(description).build());
    }

    private StatementServiceBlockingStub operator() {
        return usage.stub(Tokens.operator(SATO));
    }

    private AdvanceDisputeResponse move(String disputeId, DisputeStatus status, String reason) {
        return operator().advanceDispute(AdvanceDisputeRequest.newBuilder().setDisputeId(disputeId).setStatus(status)
                .setReason(reason).build());
    }

    private Dispute asMember(String disputeId) {
        return usage.member(member).getDispute(GetDisputeRequest.newBuilder().setDisputeId(disputeId).build()).getDispute();
    }

    private long storedDisputes() {
        return QuarkusTransaction.requiringNew().call(() -> disputes.count("memberId", member));
    }

    @Test
    void aMemberDisputesAPostedChargeAndSeesItReceived() {
        String item = posted(Instant.now().minusSeconds(86_400));

        DisputeTransactionResponse filed = dispute(item, "I did not buy anything at this shop.");

        assertTrue(filed.getCreated());
        Dispute dispute = filed.getDispute();
        assertEquals(DisputeStatus.DISPUTE_STATUS_RECEIVED, dispute.getStatus());
        assertEquals(item, dispute.getTransactionId());
        assertEquals("ONLINE SHOP", dispute.getMerchantName());
        assertEquals(12_800, dispute.getAmount().getAmount());
        assertEquals("4242", dispute.getCard().getLast4());
        assertEquals("I did not buy anything at this shop.", dispute.getDescription());
        assertTrue(dispute.getCompensationEligible());
        assertTrue(usage.member(member).getTransaction(GetTransactionRequest.newBuilder().setTransactionId(item).build())
                .getTransaction().getDisputed(), "the usage list shows the item as disputed");
        Dispute read = asMember(dispute.getId());
        assertThat(read.getHistoryList()).singleElement().satisfies(change -> {
            assertEquals(DisputeStatus.DISPUTE_STATUS_UNSPECIFIED, change.getFromStatus());
            assertEquals(DisputeStatus.DISPUTE_STATUS_RECEIVED, change.getToStatus());
            assertEquals(ActorKind.ACTOR_KIND_MEMBER, change.getActor().getKind());
            assertEquals(member, change.getActor().getId());
        });
    }

    @Test
    void useOnTheDaySixtyDaysBeforeTheReportIsCovered() {
        String item = posted(jst(2026, 3, 1, 21, 0));
        clock.set(jst(2026, 4, 30, 9, 0)); // 2026-03-01 + 60 days = 2026-04-30

        assertTrue(dispute(item, "not me").getDispute().getCompensationEligible());
    }

    @Test
    void useSixtyOneDaysBeforeTheReportIsNotCoveredButTheDisputeIsRecorded() {
        String item = posted(jst(2026, 3, 1, 21, 0));
        clock.set(jst(2026, 5, 1, 9, 0)); // 61 days

        Dispute dispute = dispute(item, "not me").getDispute();

        assertFalse(dispute.getCompensationEligible());
        assertEquals(DisputeStatus.DISPUTE_STATUS_RECEIVED, dispute.getStatus());
        assertEquals(1, storedDisputes());
    }

    @Test
    void theDaysAreCountedInJapanTime() {
        // Used 2026-01-01 00:30 in Japan (still 2025-12-31 in UTC); reported 2026-03-02 23:30 in Japan (14:30 UTC):
        // 60 days in Japan, 61 in UTC.
        String item = posted(jst(2026, 1, 1, 0, 30));
        clock.set(jst(2026, 3, 2, 23, 30));

        assertTrue(dispute(item, "not me").getDispute().getCompensationEligible());
    }

    @Test
    void disputingTwiceReturnsTheFirstDispute() {
        String item = posted(Instant.now().minusSeconds(3_600));
        Dispute first = dispute(item, "first words").getDispute();

        DisputeTransactionResponse again = dispute(item, "other words");

        assertFalse(again.getCreated());
        assertEquals(first.getId(), again.getDispute().getId());
        assertEquals("first words", again.getDispute().getDescription());
        assertEquals(1, storedDisputes());
    }

    @Test
    void twoReportsAtOnceMakeOneDispute() throws Exception {
        String item = posted(Instant.now().minusSeconds(3_600));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> reports = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                reports.add(() -> dispute(item, "not me").getDispute().getId());
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : pool.invokeAll(reports)) {
                ids.add(id.get());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, storedDisputes());
    }

    @Test
    void aPendingChargeCannotBeDisputed() {
        String authorization = Usage.newAuthorizationId();
        String item = usage.cardControl().recordAuthorization(approval(authorization, member, card, 3_000, "CAFE",
                Instant.now().minusSeconds(60))).getTransaction().getId();

        var refused = assertThrows(StatusRuntimeException.class, () -> dispute(item, "not me"));

        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertEquals("TRANSACTION_NOT_POSTED", ErrorDetails.reason(refused));
        assertEquals(0, storedDisputes());
    }

    @Test
    void anotherMembersChargeIsNotFound() {
        String item = posted(Instant.now().minusSeconds(3_600));

        var refused = assertThrows(StatusRuntimeException.class, () -> usage.memberTwoStep(GrpcTestClient.newMemberId())
                .disputeTransaction(DisputeTransactionRequest.newBuilder().setTransactionId(item)
                        .setDescription("not me").build()));

        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("TRANSACTION_NOT_FOUND", ErrorDetails.reason(refused));
        assertEquals(0, storedDisputes());
    }

    @Test
    void disputingNeedsATwoStepLogin() {
        String item = posted(Instant.now().minusSeconds(3_600));

        var refused = assertThrows(StatusRuntimeException.class, () -> usage.member(member).disputeTransaction(
                DisputeTransactionRequest.newBuilder().setTransactionId(item).setDescription("not me").build()));

        assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode());
        assertEquals(0, storedDisputes());
    }

    @Test
    void aDisputeNeedsADescriptionOfAtMostAThousandCharacters() {
        String item = posted(Instant.now().minusSeconds(3_600));

        var blank = assertThrows(StatusRuntimeException.class, () -> dispute(item, "   "));
        var tooLong = assertThrows(StatusRuntimeException.class, () -> dispute(item, "あ".repeat(1_001)));

        assertEquals(Status.Code.INVALID_ARGUMENT, blank.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, tooLong.getStatus().getCode());
        assertEquals(0, storedDisputes());
        assertTrue(dispute(item, "あ".repeat(1_000)).getCreated(), "a thousand characters (not bytes) is accepted");
    }

    @Test
    void operatorsMoveADisputeThroughInvestigationToUpheld() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();

        assertTrue(move(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "").getChanged());
        AdvanceDisputeResponse upheld = move(id, DisputeStatus.DISPUTE_STATUS_UPHELD, "the merchant confirmed fraud");

        assertTrue(upheld.getChanged());
        Dispute seen = asMember(id);
        assertEquals(DisputeStatus.DISPUTE_STATUS_UPHELD, seen.getStatus());
        assertThat(seen.getHistoryList()).extracting(change -> change.getToStatus()).containsExactly(
                DisputeStatus.DISPUTE_STATUS_RECEIVED, DisputeStatus.DISPUTE_STATUS_INVESTIGATING,
                DisputeStatus.DISPUTE_STATUS_UPHELD);
        assertEquals(ActorKind.ACTOR_KIND_OPERATOR, seen.getHistory(2).getActor().getKind());
        assertEquals(SATO, seen.getHistory(2).getActor().getId());
        assertEquals(DisputeStatus.DISPUTE_STATUS_INVESTIGATING, seen.getHistory(2).getFromStatus());
    }

    @Test
    void rejectingNeedsAReasonAndTheMemberSeesIt() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();
        move(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");

        var refused = assertThrows(StatusRuntimeException.class, () -> move(id, DisputeStatus.DISPUTE_STATUS_REJECTED, " "));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(DisputeStatus.DISPUTE_STATUS_INVESTIGATING, asMember(id).getStatus());

        move(id, DisputeStatus.DISPUTE_STATUS_REJECTED, "The purchase was made with your registered device and PIN.");

        Dispute seen = asMember(id);
        assertEquals(DisputeStatus.DISPUTE_STATUS_REJECTED, seen.getStatus());
        assertEquals("The purchase was made with your registered device and PIN.", seen.getStatusReason());
    }

    @Test
    void aDisputeCannotSkipTheInvestigationOrLeaveAFinalStatus() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();

        var skipped = assertThrows(StatusRuntimeException.class, () -> move(id, DisputeStatus.DISPUTE_STATUS_UPHELD, ""));
        assertEquals(Status.Code.FAILED_PRECONDITION, skipped.getStatus().getCode());
        assertEquals("ILLEGAL_STATUS_CHANGE", ErrorDetails.reason(skipped));

        move(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");
        move(id, DisputeStatus.DISPUTE_STATUS_UPHELD, "");
        var reopened = assertThrows(StatusRuntimeException.class,
                () -> move(id, DisputeStatus.DISPUTE_STATUS_REJECTED, "second thoughts"));
        assertEquals("ILLEGAL_STATUS_CHANGE", ErrorDetails.reason(reopened));
        assertEquals(DisputeStatus.DISPUTE_STATUS_UPHELD, asMember(id).getStatus());
        assertThat(asMember(id).getHistoryList()).hasSize(3);
    }

    @Test
    void movingADisputeToTheStatusItHasChangesNothing() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();
        move(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");

        AdvanceDisputeResponse again = move(id, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");

        assertFalse(again.getChanged());
        assertThat(again.getDispute().getHistoryList()).hasSize(2);
    }

    @Test
    void membersCannotMoveDisputes() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();

        var refused = assertThrows(StatusRuntimeException.class, () -> usage.memberTwoStep(member).advanceDispute(
                AdvanceDisputeRequest.newBuilder().setDisputeId(id).setStatus(DisputeStatus.DISPUTE_STATUS_UPHELD).build()));

        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        assertEquals(DisputeStatus.DISPUTE_STATUS_RECEIVED, asMember(id).getStatus());
    }

    @Test
    void aMemberSeesOnlyTheirOwnDisputes() {
        String id = dispute(posted(Instant.now().minusSeconds(3_600)), "not me").getDispute().getId();
        String stranger = GrpcTestClient.newMemberId();

        var refused = assertThrows(StatusRuntimeException.class, () -> usage.member(stranger)
                .getDispute(GetDisputeRequest.newBuilder().setDisputeId(id).build()));

        assertEquals(Status.Code.NOT_FOUND, refused.getStatus().getCode());
        assertEquals("DISPUTE_NOT_FOUND", ErrorDetails.reason(refused));
        assertThat(usage.member(stranger).listDisputes(ListDisputesRequest.getDefaultInstance()).getDisputesList()).isEmpty();
        assertThat(usage.member(member).listDisputes(ListDisputesRequest.getDefaultInstance()).getDisputesList())
                .extracting(Dispute::getId).containsExactly(id);
    }

    @Test
    void disputesArePagedNewestFirstWithoutRepeatsWhenNewOnesArrive() {
        List<String> filed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.set(Instant.parse("2026-06-01T00:00:00Z").plusSeconds(i));
            filed.add(dispute(posted(Instant.parse("2026-05-20T00:00:00Z")), "not me " + i).getDispute().getId());
        }
        ListDisputesResponse first = usage.member(member).listDisputes(ListDisputesRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(2)).build());
        clock.set(Instant.parse("2026-06-02T00:00:00Z"));
        dispute(posted(Instant.parse("2026-05-21T00:00:00Z")), "a newer one");

        List<String> seen = new ArrayList<>(first.getDisputesList().stream().map(Dispute::getId).toList());
        String token = first.getPageInfo().getNextPageToken();
        while (!token.isEmpty()) {
            ListDisputesResponse page = usage.member(member).listDisputes(ListDisputesRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(2).setPageToken(token)).build());
            page.getDisputesList().forEach(d -> seen.add(d.getId()));
            token = page.getPageInfo().getNextPageToken();
        }

        Collections.reverse(filed);
        assertThat(seen).containsExactlyElementsOf(filed);
    }

    @Test
    void operatorsListDisputesByMemberAndStatus() {
        String received = dispute(posted(Instant.now().minusSeconds(3_600)), "one").getDispute().getId();
        String investigating = dispute(posted(Instant.now().minusSeconds(3_600)), "two").getDispute().getId();
        move(investigating, DisputeStatus.DISPUTE_STATUS_INVESTIGATING, "");

        var listed = operator().listDisputes(ListDisputesRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member))
                .setStatus(DisputeStatus.DISPUTE_STATUS_INVESTIGATING).build());

        assertThat(listed.getDisputesList()).extracting(Dispute::getId).containsExactly(investigating);
        assertThat(operator().listDisputes(ListDisputesRequest.newBuilder()
                .setMemberId(MemberId.newBuilder().setValue(member)).build()).getDisputesList())
                .extracting(Dispute::getId).containsExactlyInAnyOrder(received, investigating);
        var filterRefused = assertThrows(StatusRuntimeException.class, () -> usage.member(member).listDisputes(
                ListDisputesRequest.newBuilder().setStatus(DisputeStatus.DISPUTE_STATUS_RECEIVED).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, filterRefused.getStatus().getCode());
    }
}
