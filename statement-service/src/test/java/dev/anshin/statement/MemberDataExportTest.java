package dev.anshin.statement;

import static dev.anshin.statement.Billing.close;
import static dev.anshin.statement.Billing.jst;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.ActorKind;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.statement.v1.AdvanceDisputeRequest;
import dev.anshin.api.statement.v1.DisputeStatus;
import dev.anshin.api.statement.v1.DisputeTransactionRequest;
import dev.anshin.api.statement.v1.ExportMemberDataRequest;
import dev.anshin.api.statement.v1.ExportMemberDataResponse;
import dev.anshin.api.statement.v1.StatementLine;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * ExportMemberData: what statement-service holds on a member for a disclosure (開示), gathered by consent-service
 * under the role {@code privacy-export} and no other: 12 months of statements with their lines, and the disputes
 * with their history (never a staff id).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class MemberDataExportTest extends CycleTestBase {

    /** The first cycle is 13 months before the last: outside the 12 months a disclosure covers. */
    @Override
    int cycles() {
        return 14;
    }

    private String post(long amount, String merchant, Instant usedAt) {
        return usage.clearing().postTransaction(clearingRecord("clr-" + UUID.randomUUID(), null, member, card, amount,
                merchant, usedAt).build()).getTransaction().getId();
    }

    private ExportMemberDataResponse export(String memberId) {
        return usage.stub(Tokens.system("consent-service", "privacy-export")).exportMemberData(of(memberId));
    }

    private static ExportMemberDataRequest of(String memberId) {
        return ExportMemberDataRequest.newBuilder().setMemberId(MemberId.newBuilder().setValue(memberId)).build();
    }

    @Test
    void theExportHoldsTwelveMonthsOfStatementsWithLinesAndEveryDisputeWithItsHistory() {
        var last = cycle.plusMonths(13);
        post(3_300, "13か月前の書店", jst(cycle, 10, 0));
        String recent = post(12_800, "ONLINE SHOP", jst(last.minusDays(3), 10, 0));
        close(usage, cycle);
        close(usage, last);
        String disputeId = usage.memberTwoStep(member).disputeTransaction(DisputeTransactionRequest.newBuilder()
                .setTransactionId(recent).setDescription("身に覚えがありません").build()).getDispute().getId();
        usage.stub(Tokens.operator("operator-sato")).advanceDispute(AdvanceDisputeRequest.newBuilder()
                .setDisputeId(disputeId).setStatus(DisputeStatus.DISPUTE_STATUS_INVESTIGATING).build());

        ExportMemberDataResponse export = export(member);

        assertThat(export.getStatementsList()).singleElement().satisfies(statement -> {
            assertEquals(last, Billing.date(statement.getClosingDate()));
            assertThat(statement.getLinesList()).extracting(StatementLine::getTransactionId).containsExactly(recent);
            assertEquals(12_800, statement.getTotal().getAmount());
            assertThat(statement.getMethodTotalsList()).hasSize(3);
        });
        assertThat(export.getDisputesList()).singleElement().satisfies(dispute -> {
            assertEquals(disputeId, dispute.getId());
            assertEquals(DisputeStatus.DISPUTE_STATUS_INVESTIGATING, dispute.getStatus());
            assertThat(dispute.getHistoryList()).extracting(change -> change.getToStatus())
                    .containsExactly(DisputeStatus.DISPUTE_STATUS_RECEIVED, DisputeStatus.DISPUTE_STATUS_INVESTIGATING);
            assertThat(dispute.getHistoryList()).filteredOn(change -> change.getActor().getKind() == ActorKind.ACTOR_KIND_OPERATOR)
                    .allSatisfy(change -> assertThat(change.getActor().getId()).isEmpty());
        });
        assertThat(export.toString()).doesNotContain("operator-sato");
    }

    @Test
    void aMemberWithNothingHasAnEmptyExport() {
        ExportMemberDataResponse export = export(GrpcTestClient.newMemberId());

        assertThat(export.getStatementsList()).isEmpty();
        assertThat(export.getDisputesList()).isEmpty();
    }

    @Test
    void onlyThePrivacyExportRoleMayExport() {
        for (String token : List.of(Tokens.member(member), Tokens.operator("operator-sato"),
                Tokens.system("card-control", "card-control"), Tokens.system("billing", "billing"))) {
            var refused = assertThrows(StatusRuntimeException.class, () -> usage.stub(token).exportMemberData(of(member)));
            assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        }
    }

    @Test
    void aMissingMemberIsInvalid() {
        var refused = assertThrows(StatusRuntimeException.class, () -> usage.stub(Tokens.system("consent-service",
                "privacy-export")).exportMemberData(ExportMemberDataRequest.getDefaultInstance()));

        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }
}
