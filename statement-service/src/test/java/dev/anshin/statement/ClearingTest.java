package dev.anshin.statement;

import static dev.anshin.statement.Usage.approval;
import static dev.anshin.statement.Usage.clearingRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.MemberId;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.PaymentMethod;
import dev.anshin.api.statement.v1.PostTransactionRequest;
import dev.anshin.api.statement.v1.ReverseAuthorizationRequest;
import dev.anshin.api.statement.v1.Transaction;
import dev.anshin.api.statement.v1.TransactionStatus;
import dev.anshin.kit.testing.ErrorDetails;
import dev.anshin.kit.testing.GrpcTestClient;
import dev.anshin.statement.service.AuthorizationExpiry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The clearing system's side: postings (for the authorized amount or another, with or without an authorization, in
 * any order with the approval), reversals, and their refusals, which change nothing.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ClearingTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    AuthorizationExpiry expiry;

    Usage usage;
    String member;
    String card;

    @BeforeEach
    void connect() {
        usage = new Usage(baseUri);
        member = GrpcTestClient.newMemberId();
        card = Usage.newCardId();
    }

    @AfterEach
    void disconnect() {
        usage.close();
    }

    @Test
    void aPostedAmountDifferingFromTheAuthorizationsIsWhatTheItemShowsAndTheAuthorizedAmountIsKept() {
        String authorization = approved(8_000, NOW.minusSeconds(3_600));
        String clearing = newClearingId();

        Transaction posted = usage.clearing().postTransaction(clearingRecord(clearing, authorization, member, card, 7_480,
                "AMAZON.CO.JP", NOW.minusSeconds(600)).build()).getTransaction();

        assertEquals(TransactionStatus.TRANSACTION_STATUS_POSTED, posted.getStatus());
        assertEquals(7_480, posted.getAmount().getAmount());
        assertEquals("AMAZON.CO.JP", posted.getMerchantName());
        // The authorization's time stays the use time: the item keeps its place in the list.
        assertEquals(NOW.minusSeconds(3_600), Usage.instant(posted.getUsedAt()));
        assertTrue(posted.hasPostedAt());
        var stored = Usage.stored(authorization).orElseThrow();
        assertEquals(posted.getId(), stored.id);
        assertEquals(clearing, stored.clearingId);
        assertEquals(8_000L, stored.authorizedAmount);
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void aPostingWithNoAuthorizationIsAPostedItemOfItsOwn() {
        String clearing = newClearingId();

        Transaction posted = usage.clearing().postTransaction(clearingRecord(clearing, null, member, card, 15_000,
                "JR東日本 モバイルSuica", NOW.minusSeconds(7_200)).setPaymentMethod(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS)
                .setInstallmentCount(3).build()).getTransaction();

        assertEquals(TransactionStatus.TRANSACTION_STATUS_POSTED, posted.getStatus());
        assertEquals(15_000, posted.getAmount().getAmount());
        assertEquals(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS, posted.getPaymentMethod());
        assertEquals(3, posted.getInstallmentCount());
        assertEquals(NOW.minusSeconds(7_200), Usage.instant(posted.getUsedAt()));
        assertEquals(1, Usage.storedCount(member));
        assertThat(listed()).extracting(Transaction::getId).containsExactly(posted.getId());
    }

    @Test
    void aPostingBeforeItsApprovalArrivesIsTheItemTheApprovalFindsLater() {
        String authorization = Usage.newAuthorizationId();
        Transaction posted = usage.clearing().postTransaction(clearingRecord(newClearingId(), authorization, member, card,
                4_200, "ユニクロ", NOW.minusSeconds(300)).build()).getTransaction();

        Transaction recorded = usage.cardControl().recordAuthorization(approval(authorization, member, card, 4_500,
                "UNIQLO", NOW.minusSeconds(400))).getTransaction();

        assertEquals(posted.getId(), recorded.getId());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_POSTED, recorded.getStatus());
        assertEquals(4_200, recorded.getAmount().getAmount());
        assertEquals(4_500L, Usage.stored(authorization).orElseThrow().authorizedAmount);
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void theSameClearingRecordAgainAnswersTheFirstPostingAndChangesNothing() {
        String authorization = approved(2_000, NOW.minusSeconds(60));
        var record = clearingRecord(newClearingId(), authorization, member, card, 2_000, "ドトール", NOW).build();

        Transaction first = usage.clearing().postTransaction(record).getTransaction();
        Transaction again = usage.clearing().postTransaction(record).getTransaction();

        // (MariaDB through mysql-connector-j keeps whole seconds of posted_at: compared apart.)
        assertEquals(first.toBuilder().clearPostedAt().build(), again.toBuilder().clearPostedAt().build());
        assertEquals(first.getPostedAt().getSeconds(), again.getPostedAt().getSeconds());
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void aClearingIdPostedAgainWithAnotherAmountIsRefusedAndTheFirstStands() {
        String clearing = newClearingId();
        usage.clearing().postTransaction(clearingRecord(clearing, null, member, card, 1_000, "書店", NOW).build());

        var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().postTransaction(
                clearingRecord(clearing, null, member, card, 9_000, "書店", NOW).build()));

        assertEquals(Status.Code.ALREADY_EXISTS, failure.getStatus().getCode());
        assertEquals("TRANSACTION_ID_REUSED", ErrorDetails.reason(failure));
        assertThat(listed()).extracting(t -> t.getAmount().getAmount()).containsExactly(1_000L);
    }

    @Test
    void aSecondClearingRecordOfOnePostedAuthorizationIsRefused() {
        String authorization = approved(3_000, NOW.minusSeconds(60));
        usage.clearing().postTransaction(clearingRecord(newClearingId(), authorization, member, card, 3_000, "店", NOW).build());

        var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().postTransaction(
                clearingRecord(newClearingId(), authorization, member, card, 3_000, "店", NOW).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("AUTHORIZATION_ALREADY_POSTED", ErrorDetails.reason(failure));
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void aClearingRecordNamingAnotherMemberThanTheAuthorizationsIsRefusedAndChangesNothing() {
        String authorization = approved(3_000, NOW.minusSeconds(60));
        String stranger = GrpcTestClient.newMemberId();

        var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().postTransaction(
                clearingRecord(newClearingId(), authorization, stranger, card, 3_000, "店", NOW).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("AUTHORIZATION_MISMATCH", ErrorDetails.reason(failure));
        assertThat(failure.getStatus().getDescription()).doesNotContain(stranger, member);
        assertEquals(TransactionStatus.TRANSACTION_STATUS_PENDING, listed().get(0).getStatus());
        assertEquals(0, Usage.storedCount(stranger));
    }

    @Test
    void aMalformedClearingRecordIsInvalidArgumentAndChangesNothing() {
        String authorization = approved(3_000, NOW.minusSeconds(60));
        var valid = clearingRecord(newClearingId(), authorization, member, card, 3_000, "店", NOW);
        var refused = new PostTransactionRequest[] {
                valid.clone().setAmount(Yen.newBuilder().setAmount(0)).build(),
                valid.clone().clearAmount().build(),
                valid.clone().setPaymentMethod(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS).setInstallmentCount(1).build(),
                valid.clone().setPaymentMethod(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS).setInstallmentCount(25).build(),
                valid.clone().setPaymentMethod(PaymentMethod.PAYMENT_METHOD_INSTALLMENTS).build(),
                valid.clone().setInstallmentCount(3).build(),
                valid.clone().setPaymentMethodValue(99).build(),
                valid.clone().clearUsedAt().build(),
                valid.clone().setTransactionId("").build(),
                valid.clone().setMemberId(MemberId.getDefaultInstance()).build(),
                valid.clone().setMerchantName("4111-1111-1111-1111").build(),
                valid.clone().clearCard().build() };

        for (PostTransactionRequest request : refused) {
            var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().postTransaction(request));

            assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode(), request.toString());
            assertEquals("INVALID_REQUEST", ErrorDetails.reason(failure));
            assertThat(failure.getStatus().getDescription()).doesNotContain("4111");
        }
        var stored = Usage.stored(authorization).orElseThrow();
        assertEquals(dev.anshin.statement.TransactionStatus.PENDING, stored.status);
        assertNull(stored.clearingId);
    }

    @Test
    void aReversalTakesThePendingItemOffTheListAndRecordsItsCreditDueBackOnce() {
        String authorization = approved(6_000, NOW.minusSeconds(60));
        Instant reversedAt = NOW.minusSeconds(10);

        var reversal = usage.clearing().reverseAuthorization(reversal(authorization, reversedAt));
        var again = usage.clearing().reverseAuthorization(reversal(authorization, NOW));

        assertTrue(reversal.getChanged());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_REVERSED, reversal.getTransaction().getStatus());
        assertFalse(again.getChanged());
        assertEquals(reversal.getTransaction(), again.getTransaction());
        assertThat(listed()).isEmpty();
        var release = Usage.release(authorization).orElseThrow();
        assertEquals(ReleaseReason.REVERSED, release.reason);
        assertEquals(reversedAt, release.releasedAt);
    }

    @Test
    void aReversalBeforeTheApprovalArrivesHasTheApprovalRecordedReversed() {
        String authorization = Usage.newAuthorizationId();

        var reversal = usage.clearing().reverseAuthorization(reversal(authorization, NOW));
        var recorded = usage.cardControl().recordAuthorization(approval(authorization, member, card, 2_500, "店",
                NOW.minusSeconds(30))).getTransaction();

        assertTrue(reversal.getChanged());
        assertFalse(reversal.hasTransaction());
        assertEquals(TransactionStatus.TRANSACTION_STATUS_REVERSED, recorded.getStatus());
        assertThat(listed()).isEmpty();
        assertEquals(ReleaseReason.REVERSED, Usage.release(authorization).orElseThrow().reason);
    }

    @Test
    void aReversedAuthorizationIsNeverPosted() {
        String authorization = approved(2_000, NOW.minusSeconds(60));
        usage.clearing().reverseAuthorization(reversal(authorization, NOW));

        var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().postTransaction(
                clearingRecord(newClearingId(), authorization, member, card, 2_000, "店", NOW).build()));

        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("AUTHORIZATION_REVERSED", ErrorDetails.reason(failure));
        assertEquals(dev.anshin.statement.TransactionStatus.REVERSED, Usage.stored(authorization).orElseThrow().status);
    }

    @Test
    void aReversalOfAPostedAuthorizationIsRefusedAndNoCreditIsReleased() {
        String authorization = approved(2_000, NOW.minusSeconds(60));
        usage.clearing().postTransaction(clearingRecord(newClearingId(), authorization, member, card, 2_000, "店", NOW).build());

        var failure = assertThrows(StatusRuntimeException.class,
                () -> usage.clearing().reverseAuthorization(reversal(authorization, NOW)));

        assertEquals(Status.Code.FAILED_PRECONDITION, failure.getStatus().getCode());
        assertEquals("AUTHORIZATION_ALREADY_POSTED", ErrorDetails.reason(failure));
        assertThat(Usage.release(authorization)).isEmpty();
        assertEquals(TransactionStatus.TRANSACTION_STATUS_POSTED, listed().get(0).getStatus());
    }

    @Test
    void aMalformedReversalIsInvalidArgumentAndRecordsNothing() {
        var failure = assertThrows(StatusRuntimeException.class, () -> usage.clearing().reverseAuthorization(
                ReverseAuthorizationRequest.getDefaultInstance()));
        String future = Usage.newAuthorizationId();
        var later = assertThrows(StatusRuntimeException.class, () -> usage.clearing().reverseAuthorization(
                reversal(future, NOW.plus(5, ChronoUnit.DAYS))));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, later.getStatus().getCode());
        assertThat(Usage.release(future)).isEmpty();
    }

    @Test
    void anExpiredAuthorizationPresentedLateIsStillPosted() {
        String authorization = approved(9_900, NOW.minus(40, ChronoUnit.DAYS));
        expiry.expire();
        assertEquals(dev.anshin.statement.TransactionStatus.EXPIRED, Usage.stored(authorization).orElseThrow().status);

        Transaction posted = usage.clearing().postTransaction(clearingRecord(newClearingId(), authorization, member, card,
                9_900, "ホテル", NOW).build()).getTransaction();

        assertEquals(TransactionStatus.TRANSACTION_STATUS_POSTED, posted.getStatus());
        assertThat(listed()).extracting(Transaction::getId).containsExactly(posted.getId());
        // The release recorded at the expiry stays: the credit must be reserved again (a later increment).
        assertEquals(ReleaseReason.EXPIRED, Usage.release(authorization).orElseThrow().reason);
    }

    @Test
    void anApprovalAndItsClearingRecordArrivingAtOnceEndAsOnePostedItem() {
        String[] authorizations = new String[30];
        atOnce(authorizations, authorization -> usage.cardControl().recordAuthorization(
                approval(authorization, member, card, 1_000, "店", NOW.minusSeconds(120))),
                authorization -> usage.clearing().postTransaction(
                        clearingRecord(newClearingId(), authorization, member, card, 1_100, "店", NOW).build()));

        for (String authorization : authorizations) {
            var stored = Usage.stored(authorization).orElseThrow();
            assertEquals(dev.anshin.statement.TransactionStatus.POSTED, stored.status);
            assertEquals(1_100, stored.amount);
            assertEquals(1_000L, stored.authorizedAmount);
        }
        assertEquals(authorizations.length, Usage.storedCount(member));
    }

    @Test
    void anApprovalAndItsReversalArrivingAtOnceNeverLeaveItPending() {
        String[] authorizations = new String[30];
        atOnce(authorizations, authorization -> usage.cardControl().recordAuthorization(
                approval(authorization, member, card, 1_000, "店", NOW.minusSeconds(120))),
                authorization -> usage.clearing().reverseAuthorization(reversal(authorization, NOW)));

        for (String authorization : authorizations) {
            assertEquals(dev.anshin.statement.TransactionStatus.REVERSED, Usage.stored(authorization).orElseThrow().status);
            assertEquals(ReleaseReason.REVERSED, Usage.release(authorization).orElseThrow().reason);
        }
        assertThat(listed()).isEmpty();
    }

    /**
     * Sends two calls about each new authorization from two threads at once, one authorization after another. A call
     * that lost a deadlock to the other (ABORTED: sent again, as its sender would) is sent once more.
     */
    private static void atOnce(String[] authorizations, java.util.function.Consumer<String> one,
            java.util.function.Consumer<String> other) {
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < authorizations.length; i++) {
                String authorization = Usage.newAuthorizationId();
                authorizations[i] = authorization;
                var first = senders.submit(() -> retriedOnAbort(() -> one.accept(authorization)));
                var second = senders.submit(() -> retriedOnAbort(() -> other.accept(authorization)));
                first.get();
                second.get();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            senders.shutdownNow();
        }
    }

    private static void retriedOnAbort(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ABORTED) {
                throw e;
            }
            call.run();
        }
    }

    private String approved(long amount, Instant at) {
        String authorization = Usage.newAuthorizationId();
        usage.cardControl().recordAuthorization(approval(authorization, member, card, amount, "店", at));
        return authorization;
    }

    private java.util.List<Transaction> listed() {
        return usage.member(member).listTransactions(ListTransactionsRequest.getDefaultInstance()).getTransactionsList();
    }

    private static ReverseAuthorizationRequest reversal(String authorization, Instant at) {
        return ReverseAuthorizationRequest.newBuilder().setAuthorizationId(authorization).setReversedAt(Usage.timestamp(at))
                .build();
    }

    private static String newClearingId() {
        return "clr-" + UUID.randomUUID();
    }
}
