package dev.anshin.statement;

import static dev.anshin.statement.Usage.approval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.anshin.api.common.v1.ItemResult;
import dev.anshin.api.common.v1.Yen;
import dev.anshin.api.statement.v1.RecordAuthorizationRequest;
import dev.anshin.api.statement.v1.RecordAuthorizationsRequest;
import dev.anshin.api.statement.v1.TransactionStatus;
import dev.anshin.kit.testing.GrpcTestClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Approvals from card-control become pending items, once each, and each item of a batch is answered as card-control's
 * outbox relay reads the answer ({@code OutboxRelay.hear}): one result per item, in the order sent, keyed by the
 * authorization id; OK is delivered (the relay stops sending it), anything else is sent again later.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class RecordAuthorizationsTest {

    // MariaDB seen through mysql-connector-j keeps whole seconds: times here are whole seconds.
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TestHTTPResource("/")
    URI baseUri;

    Usage usage;

    @BeforeEach
    void connect() {
        usage = new Usage(baseUri);
    }

    @AfterEach
    void disconnect() {
        usage.close();
    }

    @Test
    void anApprovalBecomesAPendingItemOfItsMemberWithTheMaskedCard() {
        String member = GrpcTestClient.newMemberId();
        String card = Usage.newCardId();
        String authorization = Usage.newAuthorizationId();

        var item = usage.cardControl().recordAuthorization(approval(authorization, member, card, 12_800,
                "セブン-イレブン 新宿店", NOW.minusSeconds(60))).getTransaction();

        assertEquals(TransactionStatus.TRANSACTION_STATUS_PENDING, item.getStatus());
        assertEquals(12_800, item.getAmount().getAmount());
        assertEquals("セブン-イレブン 新宿店", item.getMerchantName());
        assertEquals(card, item.getCard().getCardId().getValue());
        assertEquals("VISA", item.getCard().getBrand());
        assertEquals("4242", item.getCard().getLast4());
        assertEquals(NOW.minusSeconds(60), Usage.instant(item.getUsedAt()));
        var stored = Usage.stored(authorization).orElseThrow();
        assertEquals(member, stored.memberId);
        assertEquals(12_800L, stored.authorizedAmount);
        assertEquals(PaymentMethod.LUMP_SUM, stored.paymentMethod);
    }

    @Test
    void anAuthorizationIdRecordedTwiceIsOneItemAndAnswersTheFirst() {
        String member = GrpcTestClient.newMemberId();
        String authorization = Usage.newAuthorizationId();
        var request = approval(authorization, member, Usage.newCardId(), 3_300, "ローソン", NOW);

        var first = usage.cardControl().recordAuthorization(request).getTransaction();
        var again = usage.cardControl().recordAuthorization(request).getTransaction();
        var inABatch = usage.cardControl().recordAuthorizations(RecordAuthorizationsRequest.newBuilder().addItems(request).build());

        assertEquals(first.getId(), again.getId());
        assertThat(inABatch.getResultsList()).extracting(ItemResult::getKey, ItemResult::getCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(authorization, 0));
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void aBatchIsAnsweredItemByItemInOrderKeyedByAuthorizationIdAsTheRelayReadsIt() {
        String member = GrpcTestClient.newMemberId();
        String card = Usage.newCardId();
        String recordedBefore = Usage.newAuthorizationId();
        usage.cardControl().recordAuthorization(approval(recordedBefore, member, card, 500, "スターバックス", NOW));
        List<RecordAuthorizationRequest> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(approval(Usage.newAuthorizationId(), member, card, 1_000 + i, "店舗 " + i, NOW.minusSeconds(i)));
        }
        sent.add(2, approval(recordedBefore, member, card, 500, "スターバックス", NOW));
        // The same approval twice in one call (two outbox rows of one id, before schema V4): both answered alike.
        sent.add(sent.get(0));

        var results = usage.cardControl().recordAuthorizations(RecordAuthorizationsRequest.newBuilder().addAllItems(sent)
                .build()).getResultsList();

        assertThat(results).extracting(ItemResult::getKey)
                .containsExactlyElementsOf(sent.stream().map(RecordAuthorizationRequest::getAuthorizationId).toList());
        assertThat(results).extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
        assertEquals(6, Usage.storedCount(member));
    }

    @Test
    void aMalformedItemIsRefusedInItsOwnResultAndTheOthersAreRecorded() {
        String member = GrpcTestClient.newMemberId();
        String card = Usage.newCardId();
        var good = approval(Usage.newAuthorizationId(), member, card, 2_000, "ファミリーマート", NOW);
        var free = approval(Usage.newAuthorizationId(), member, card, 0, "無料", NOW);
        var cardNumberInName = approval(Usage.newAuthorizationId(), member, card, 900, "SHOP 4111 1111 1111 1111", NOW);
        var noMerchant = approval(Usage.newAuthorizationId(), member, card, 900, " ", NOW);
        var badLast4 = approval(Usage.newAuthorizationId(), member, card, 900, "店", NOW).toBuilder()
                .setCard(Usage.card(card).toBuilder().setLast4("42a2")).build();
        var noTime = approval(Usage.newAuthorizationId(), member, card, 900, "店", NOW).toBuilder().clearAuthorizedAt().build();
        var future = approval(Usage.newAuthorizationId(), member, card, 900, "店", NOW.plus(3, ChronoUnit.DAYS));
        var negative = approval(Usage.newAuthorizationId(), member, card, 900, "店", NOW).toBuilder()
                .setAmount(Yen.newBuilder().setAmount(-900)).build();
        var noMember = approval(Usage.newAuthorizationId(), "", card, 900, "店", NOW);
        List<RecordAuthorizationRequest> sent = List.of(free, good, cardNumberInName, noMerchant, badLast4, noTime, future,
                negative, noMember);

        var results = usage.cardControl().recordAuthorizations(RecordAuthorizationsRequest.newBuilder().addAllItems(sent)
                .build()).getResultsList();

        assertThat(results).extracting(ItemResult::getKey)
                .containsExactlyElementsOf(sent.stream().map(RecordAuthorizationRequest::getAuthorizationId).toList());
        assertThat(results).extracting(ItemResult::getCode).containsExactly(3, 0, 3, 3, 3, 3, 3, 3, 3);
        assertThat(results.get(0).getMessage()).contains("amount");
        assertThat(results.get(2).getMessage()).contains("merchant_name").doesNotContain("4111");
        assertThat(results.get(4).getMessage()).contains("last4").doesNotContain("42a2");
        for (var refused : sent) {
            if (refused != good) {
                assertThat(Usage.stored(refused.getAuthorizationId())).isEmpty();
            }
        }
        assertEquals(1, Usage.storedCount(member));
    }

    @Test
    void aBatchOfNoItemsOrMoreThan500IsRefusedWholeAndRecordsNothing() {
        String member = GrpcTestClient.newMemberId();
        var tooMany = RecordAuthorizationsRequest.newBuilder();
        for (int i = 0; i < 501; i++) {
            tooMany.addItems(approval(Usage.newAuthorizationId(), member, Usage.newCardId(), 100, "店", NOW));
        }

        var empty = assertThrows(StatusRuntimeException.class,
                () -> usage.cardControl().recordAuthorizations(RecordAuthorizationsRequest.getDefaultInstance()));
        var oversized = assertThrows(StatusRuntimeException.class,
                () -> usage.cardControl().recordAuthorizations(tooMany.build()));

        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, oversized.getStatus().getCode());
        assertEquals(0, Usage.storedCount(member));
    }

    @Test
    void aMalformedSingleApprovalIsInvalidArgumentAndRecordsNothing() {
        String member = GrpcTestClient.newMemberId();
        var free = approval(Usage.newAuthorizationId(), member, Usage.newCardId(), 0, "店", NOW);

        var failure = assertThrows(StatusRuntimeException.class, () -> usage.cardControl().recordAuthorization(free));

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
        assertEquals(0, Usage.storedCount(member));
    }

    /**
     * Two relays (or a relay's retry after a lost answer) delivering the same approvals at once: the batch that loses
     * the race on the authorization ids falls back to one item at a time, finds them recorded, and answers OK for each.
     */
    @Test
    void theSameBatchDeliveredTwiceAtOnceIsRecordedOnceAndAcknowledgedByBoth() throws Exception {
        String member = GrpcTestClient.newMemberId();
        String card = Usage.newCardId();
        var batch = RecordAuthorizationsRequest.newBuilder();
        for (int i = 0; i < 200; i++) {
            batch.addItems(approval(Usage.newAuthorizationId(), member, card, 100 + i, "店 " + i, NOW.minusSeconds(i)));
        }
        RecordAuthorizationsRequest request = batch.build();
        ExecutorService relays = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<ItemResult>>> answers = new ArrayList<>();
            Callable<List<ItemResult>> deliver = () -> usage.cardControl().recordAuthorizations(request).getResultsList();
            for (int i = 0; i < 3; i++) {
                answers.add(relays.submit(deliver));
            }
            for (Future<List<ItemResult>> answer : answers) {
                assertThat(answer.get()).hasSize(200).extracting(ItemResult::getCode).containsOnly(Status.Code.OK.value());
            }
        } finally {
            relays.shutdownNow();
        }
        assertEquals(200, Usage.storedCount(member));
    }
}
