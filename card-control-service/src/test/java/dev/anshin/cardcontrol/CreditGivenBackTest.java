package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.CardPrincipal;
import dev.anshin.api.cardcontrol.v1.CreditServiceGrpc;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.RecordStatementOverdueRequest;
import dev.anshin.api.cardcontrol.v1.RecordStatementPaidRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseAuthorizationRequest;
import dev.anshin.api.cardcontrol.v1.ReleaseReason;
import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.Tokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The money loop's way back (CreditService), as statement-service's relay calls it: reserved credit given back by a
 * reversal or an expiry, a paid statement's principal given back, an overdue statement declining the member until it
 * is paid — each applied once however often it is delivered.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class CreditGivenBackTest extends CardTestSupport {

    private AuthorizeRequest approved(Cardholder h, long yen) {
        AuthorizeRequest purchase = CardNetwork.purchase(h.details(), yen).build();
        assertEquals(Decision.DECISION_APPROVED, new CardNetwork(client()).stub().authorize(purchase).getDecision());
        return purchase;
    }

    private CreditServiceGrpc.CreditServiceBlockingStub credit() {
        return CreditServiceGrpc.newBlockingStub(client().channel(Tokens.system("statement", "statement")));
    }

    private long accountOutstanding(Cardholder h) {
        return queryLong("SELECT a.outstanding FROM credit_account a JOIN card c ON c.account_id = a.id WHERE c.id = ?",
                h.card().getId().getValue());
    }

    private long cardOutstanding(Cardholder h) {
        return queryLong("SELECT outstanding FROM card WHERE id = ?", h.card().getId().getValue());
    }

    private RecordStatementPaidRequest paid(Cardholder h, String statementId, long principal) {
        return RecordStatementPaidRequest.newBuilder().setEventId(UUID.randomUUID().toString())
                .setMemberId(MemberId.newBuilder().setValue(h.member())).setStatementId(statementId)
                .setPrincipal(Yen.newBuilder().setAmount(principal))
                .addCards(CardPrincipal.newBuilder().setCardId(h.card().getId()).setPrincipal(Yen.newBuilder().setAmount(principal)))
                .build();
    }

    private RecordStatementOverdueRequest overdue(Cardholder h, String statementId) {
        return RecordStatementOverdueRequest.newBuilder().setEventId(UUID.randomUUID().toString())
                .setMemberId(MemberId.newBuilder().setValue(h.member())).setStatementId(statementId).build();
    }

    private Decision decide(Cardholder h, long yen) {
        return new CardNetwork(client()).stub().authorize(CardNetwork.purchase(h.details(), yen).build()).getDecision();
    }

    @Test
    void aReversalReleasesTheReservedCredit() {
        Cardholder h = cardholder(100_000);
        AuthorizeRequest purchase = approved(h, 30_000);
        approved(h, 5_000);

        var released = credit().releaseAuthorization(ReleaseAuthorizationRequest.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setAuthorizationId(purchase.getAuthorizationId())
                .setReason(ReleaseReason.RELEASE_REASON_REVERSED).build());

        assertTrue(released.getApplied());
        assertEquals(30_000, released.getReleased().getAmount());
        assertEquals(5_000, accountOutstanding(h));
        assertEquals(5_000, cardOutstanding(h));
    }

    @Test
    void anExpiredAuthorizationReleasesTheReservedCredit() {
        Cardholder h = cardholder(100_000);
        AuthorizeRequest purchase = approved(h, 40_000);
        var release = ReleaseAuthorizationRequest.newBuilder().setEventId(UUID.randomUUID().toString())
                .setAuthorizationId(purchase.getAuthorizationId()).setReason(ReleaseReason.RELEASE_REASON_EXPIRED).build();

        assertTrue(credit().releaseAuthorization(release).getApplied());
        // Delivered twice, and once more under another event id: the authorization is released once.
        assertFalse(credit().releaseAuthorization(release).getApplied());
        assertFalse(credit().releaseAuthorization(release.toBuilder().setEventId(UUID.randomUUID().toString()).build())
                .getApplied());

        assertEquals(0, accountOutstanding(h));
        assertEquals(0, cardOutstanding(h));
        // The whole limit is available again.
        assertEquals(Decision.DECISION_APPROVED, decide(h, 100_000));
    }

    @Test
    void aDeclinedAuthorizationHasNothingToRelease() {
        Cardholder h = cardholder(10_000);
        approved(h, 8_000);
        AuthorizeRequest declined = CardNetwork.purchase(h.details(), 9_000).build();
        assertEquals(Decision.DECISION_DECLINED, new CardNetwork(client()).stub().authorize(declined).getDecision());

        var answer = credit().releaseAuthorization(ReleaseAuthorizationRequest.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setAuthorizationId(declined.getAuthorizationId())
                .setReason(ReleaseReason.RELEASE_REASON_REVERSED).build());

        assertFalse(answer.getApplied());
        assertEquals(8_000, accountOutstanding(h));
    }

    @Test
    void aPaidStatementRestoresCreditByThePrincipalOnce() {
        Cardholder h = cardholder(100_000);
        approved(h, 60_000);
        approved(h, 30_000);
        assertEquals(Decision.DECISION_DECLINED, decide(h, 20_000), "90,000 of 100,000 in use");

        assertTrue(credit().recordStatementPaid(paid(h, UUID.randomUUID().toString(), 60_000)).getApplied());

        assertEquals(30_000, accountOutstanding(h));
        assertEquals(30_000, cardOutstanding(h));
        assertEquals(Decision.DECISION_APPROVED, decide(h, 20_000));
    }

    @Test
    void aPaymentDeliveredTwiceRestoresCreditOnce() {
        Cardholder h = cardholder(100_000);
        approved(h, 50_000);
        RecordStatementPaidRequest payment = paid(h, UUID.randomUUID().toString(), 20_000);

        assertTrue(credit().recordStatementPaid(payment).getApplied());
        assertFalse(credit().recordStatementPaid(payment).getApplied());

        assertEquals(30_000, accountOutstanding(h));
        assertEquals(30_000, cardOutstanding(h));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM credit_event WHERE event_id = ?", payment.getEventId()));
    }

    @Test
    void creditGivenBackNeverTakesTheOutstandingAmountBelowZero() {
        Cardholder h = cardholder(100_000);
        approved(h, 10_000);

        credit().recordStatementPaid(paid(h, UUID.randomUUID().toString(), 12_000));

        assertEquals(0, accountOutstanding(h));
        assertEquals(0, cardOutstanding(h));
    }

    @Test
    void aFailedDebitMakesTheStatementOverdueAndCardControlDeclines() {
        Cardholder h = cardholder(100_000);
        approved(h, 1_000);
        String statement = UUID.randomUUID().toString();
        RecordStatementOverdueRequest failed = overdue(h, statement);

        assertTrue(credit().recordStatementOverdue(failed).getApplied());
        assertFalse(credit().recordStatementOverdue(failed).getApplied());

        AuthorizeRequest small = CardNetwork.purchase(h.details(), 500).build();
        var answer = new CardNetwork(client()).stub().authorize(small);
        assertEquals(Decision.DECISION_DECLINED, answer.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_OVER_AVAILABLE_CREDIT, answer.getDeclineReason());
        assertEquals(1_000, accountOutstanding(h), "a decline reserves nothing");
    }

    @Test
    void payingAnOverdueStatementLiftsTheDecline() {
        Cardholder h = cardholder(100_000);
        approved(h, 20_000);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        credit().recordStatementOverdue(overdue(h, first));
        credit().recordStatementOverdue(overdue(h, second));

        RecordStatementPaidRequest payFirst = paid(h, first, 10_000);
        credit().recordStatementPaid(payFirst);
        credit().recordStatementPaid(payFirst);
        assertEquals(Decision.DECISION_DECLINED, decide(h, 500), "the other statement is still overdue");

        credit().recordStatementPaid(paid(h, second, 10_000));
        assertEquals(Decision.DECISION_APPROVED, decide(h, 500));
        assertEquals(0, queryLong("SELECT a.overdue_statements FROM credit_account a JOIN card c ON c.account_id = a.id"
                + " WHERE c.id = ?", h.card().getId().getValue()));
    }

    @Test
    void anOverdueReportArrivingAfterThePaymentChangesNothing() {
        Cardholder h = cardholder(100_000);
        String statement = UUID.randomUUID().toString();
        credit().recordStatementPaid(paid(h, statement, 0));

        assertFalse(credit().recordStatementOverdue(overdue(h, statement)).getApplied());

        assertEquals(Decision.DECISION_APPROVED, decide(h, 500));
    }

    @Test
    void onlyStatementServiceMayGiveCreditBackAndBadRequestsChangeNothing() {
        Cardholder h = cardholder(100_000);
        approved(h, 10_000);
        var asMember = CreditServiceGrpc.newBlockingStub(client().channel(Tokens.member(h.member())));
        var denied = assertThrows(StatusRuntimeException.class,
                () -> asMember.recordStatementPaid(paid(h, UUID.randomUUID().toString(), 10_000)));
        assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());

        var negative = assertThrows(StatusRuntimeException.class, () -> credit().recordStatementPaid(
                paid(h, UUID.randomUUID().toString(), 10_000).toBuilder().setPrincipal(Yen.newBuilder().setAmount(5_000)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, negative.getStatus().getCode());

        var stranger = assertThrows(StatusRuntimeException.class, () -> credit().recordStatementOverdue(
                overdue(h, UUID.randomUUID().toString()).toBuilder().setMemberId(MemberId.newBuilder().setValue("nobody-here")).build()));
        assertEquals(Status.Code.NOT_FOUND, stranger.getStatus().getCode());
        assertEquals("ACCOUNT_NOT_FOUND", ErrorDetails.reason(stranger));

        assertEquals(10_000, accountOutstanding(h));
        assertEquals(Decision.DECISION_APPROVED, decide(h, 500));
    }
}
