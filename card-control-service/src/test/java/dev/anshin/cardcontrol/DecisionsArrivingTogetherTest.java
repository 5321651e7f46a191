package dev.anshin.cardcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.Decision;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import dev.anshin.api.cardcontrol.v1.RevealCardCredentialsResponse;
import dev.anshin.api.common.v1.Yen;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Decisions the card network sends at the same moment share database transactions; each must still be decided as if
 * alone, in some order: no limit overrun, no rule skipped, one decision per authorization id.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class DecisionsArrivingTogetherTest extends CardTestSupport {

    @Test
    void purchasesArrivingTogetherOnOneAccountNeverReserveMoreThanItsContractLimit() throws Exception {
        String member = CardControlClient.newMemberId();
        Card first = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 100_000);
        Card second = client().issueCard(member, CardBrand.CARD_BRAND_JCB, true, 100_000);
        CardNetwork network = new CardNetwork(client());
        RevealCardCredentialsResponse firstDetails = network.detailsOf(member, first);
        RevealCardCredentialsResponse secondDetails = network.detailsOf(member, second);
        List<AuthorizeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(CardNetwork.purchase(i % 2 == 0 ? firstDetails : secondDetails, 25_000).build());
        }

        List<AuthorizeResponse> responses = allAtOnce(requests);

        assertThat(responses).filteredOn(r -> r.getDecision() == Decision.DECISION_APPROVED).hasSize(4);
        assertThat(responses).filteredOn(r -> r.getDecision() == Decision.DECISION_DECLINED)
                .extracting(AuthorizeResponse::getDeclineReason)
                .hasSize(8)
                .allMatch(reason -> reason == DeclineReason.DECLINE_REASON_OVER_AVAILABLE_CREDIT
                        || reason == DeclineReason.DECLINE_REASON_OVER_USABLE_LIMIT);
        assertEquals(100_000, queryLong("SELECT a.outstanding FROM credit_account a JOIN card c ON c.account_id = a.id"
                + " WHERE c.id = ?", first.getId().getValue()));
        assertEquals(100_000, queryLong("SELECT SUM(outstanding) FROM card WHERE member_id = ?", member));
        assertEquals(4, queryLong("SELECT COUNT(*) FROM outbox_event e JOIN card_authorization a"
                + " ON a.authorization_id = e.event_id JOIN card c ON c.id = a.card_id"
                + " WHERE e.event_type = 'APPROVAL' AND c.member_id = ?", member));
    }

    @Test
    void theVelocityRuleCountsApprovalsThatArriveTogether() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        RevealCardCredentialsResponse details = new CardNetwork(client()).detailsOf(member, card);
        List<AuthorizeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(CardNetwork.purchase(details, 1_000).build());
        }

        List<AuthorizeResponse> responses = allAtOnce(requests);

        assertThat(responses).filteredOn(r -> r.getDecision() == Decision.DECISION_APPROVED).hasSize(5);
        assertThat(responses).filteredOn(r -> r.getDecision() == Decision.DECISION_DECLINED)
                .hasSize(5)
                .allMatch(r -> r.getDeclineReason() == DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD
                        && r.getUsageConfirmationRequested());
        assertEquals(5_000, queryLong("SELECT outstanding FROM card WHERE id = ?", card.getId().getValue()));
    }

    @Test
    void theVelocityRuleCountsApprovalsCommittedWhileTheDecisionWaitedForItsCard() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 500_000);
        CardNetwork network = new CardNetwork(client());
        AuthorizeRequest sixth = CardNetwork.purchase(network.detailsOf(member, card), 1_000).build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<AuthorizeResponse> answer;
        try (Connection other = dataSource.getConnection()) {
            // Another transaction holding the card, as a decision does, and approving five purchases on it.
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT id FROM card WHERE id = ? FOR UPDATE")) {
                lock.setString(1, card.getId().getValue());
                lock.executeQuery().close();
            }
            try (PreparedStatement approve = other.prepareStatement("INSERT INTO card_authorization (authorization_id,"
                    + " request_fingerprint, card_id, decision, approval_code, amount, merchant_name,"
                    + " merchant_category_code, merchant_country, channel, usage_confirmation_requested, decided_at)"
                    + " VALUES (?, X'00', ?, 'APPROVED', 'ABC234', 1000, 'Shop', '5411', 'JP', 'IN_STORE', FALSE,"
                    + " UTC_TIMESTAMP(6))")) {
                for (int i = 0; i < 5; i++) {
                    approve.setString(1, sixth.getAuthorizationId() + "-earlier-" + i);
                    approve.setString(2, card.getId().getValue());
                    approve.executeUpdate();
                }
            }
            answer = pool.submit(() -> network.stub().authorize(sixth));
            awaitLockWaits(1);
            other.commit();
        } finally {
            pool.shutdown();
        }

        AuthorizeResponse response = answer.get(30, TimeUnit.SECONDS);

        assertEquals(Decision.DECISION_DECLINED, response.getDecision());
        assertEquals(DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD, response.getDeclineReason());
        assertEquals(0, queryLong("SELECT outstanding FROM card WHERE id = ?", card.getId().getValue()));
    }

    @Test
    void oneAuthorizationIdSentManyTimesAtOnceIsDecidedOnceAndAnsweredTheSameEveryTime() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 200_000);
        AuthorizeRequest request = CardNetwork.purchase(new CardNetwork(client()).detailsOf(member, card), 4_000).build();

        List<AuthorizeResponse> responses = allAtOnce(Collections.nCopies(10, request));

        assertThat(responses).extracting(AuthorizeResponse::getApprovalCode).containsOnly(responses.get(0).getApprovalCode());
        assertThat(responses).allMatch(r -> r.getDecision() == Decision.DECISION_APPROVED);
        assertEquals(1, queryLong("SELECT COUNT(*) FROM card_authorization WHERE authorization_id = ?",
                request.getAuthorizationId()));
        assertEquals(4_000, queryLong("SELECT outstanding FROM card WHERE id = ?", card.getId().getValue()));
    }

    @Test
    void oneAuthorizationIdSentAtOnceWithDifferentAmountsGetsOneDecisionAndAlreadyExistsForTheRest() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 200_000);
        AuthorizeRequest first = CardNetwork.purchase(new CardNetwork(client()).detailsOf(member, card), 1_000).build();
        List<AuthorizeRequest> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(first.toBuilder().setAmount(Yen.newBuilder().setAmount(1_000 + i)).build());
        }

        List<Object> answers = allAtOnceOrFailure(requests);

        assertThat(answers).filteredOn(AuthorizeResponse.class::isInstance).hasSize(1);
        assertThat(answers).filteredOn(StatusRuntimeException.class::isInstance).hasSize(5)
                .allMatch(e -> ((StatusRuntimeException) e).getStatus().getCode() == Status.Code.ALREADY_EXISTS);
        assertEquals(1, queryLong("SELECT COUNT(*) FROM card_authorization WHERE authorization_id = ?",
                first.getAuthorizationId()));
        assertEquals(queryLong("SELECT amount FROM card_authorization WHERE authorization_id = ?",
                first.getAuthorizationId()), queryLong("SELECT outstanding FROM card WHERE id = ?", card.getId().getValue()));
    }

    @Test
    void aResentAuthorizationIdArrivingWithNewOnesGetsItsFirstAnswerAndEveryPurchaseIsReservedOnce() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, true, 200_000);
        RevealCardCredentialsResponse details = new CardNetwork(client()).detailsOf(member, card);
        AuthorizeRequest resent = CardNetwork.purchase(details, 5_000).build();
        AuthorizeResponse first = new CardNetwork(client()).stub().authorize(resent);
        List<AuthorizeRequest> requests = new ArrayList<>(List.of(resent));
        for (int i = 0; i < 4; i++) {
            requests.add(CardNetwork.purchase(details, 1_000).build());
        }

        List<AuthorizeResponse> responses = allAtOnce(requests);

        assertEquals(first.getApprovalCode(), responses.get(0).getApprovalCode());
        assertThat(responses).allMatch(r -> r.getDecision() == Decision.DECISION_APPROVED);
        assertEquals(9_000, queryLong("SELECT outstanding FROM card WHERE id = ?", card.getId().getValue()));
        assertEquals(5, queryLong("SELECT COUNT(*) FROM card_authorization WHERE card_id = ?", card.getId().getValue()));
    }

    @Test
    void aCardLockedElsewhereHoldsUpOnlyItsOwnDecisionsWhichAreAbortedAfterTheLockWaitTimeoutAndDecidedOnceFree()
            throws Exception {
        String lockedMember = CardControlClient.newMemberId();
        Card locked = client().issueCard(lockedMember, CardBrand.CARD_BRAND_VISA, true, 100_000);
        String freeMember = CardControlClient.newMemberId();
        Card free = client().issueCard(freeMember, CardBrand.CARD_BRAND_VISA, true, 100_000);
        CardNetwork network = new CardNetwork(client());
        RevealCardCredentialsResponse lockedDetails = network.detailsOf(lockedMember, locked);
        AuthorizeRequest onFree = CardNetwork.purchase(network.detailsOf(freeMember, free), 2_000).build();
        List<AuthorizeRequest> onLocked = List.of(CardNetwork.purchase(lockedDetails, 1_000).build(),
                CardNetwork.purchase(lockedDetails, 1_500).build());
        var stub = network.stub();
        ExecutorService pool = Executors.newFixedThreadPool(onLocked.size());
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM card WHERE id = ? FOR UPDATE")) {
                lock.setString(1, locked.getId().getValue());
                lock.executeQuery().close();
            }
            // One committer, then the other, waits on the locked card; the free card's purchase queues behind them.
            List<Future<AuthorizeResponse>> waiting = new ArrayList<>();
            for (AuthorizeRequest request : onLocked) {
                waiting.add(pool.submit(() -> stub.authorize(request)));
                awaitLockWaits(waiting.size());
            }

            AuthorizeResponse freeAnswer = stub.withDeadlineAfter(30, TimeUnit.SECONDS).authorize(onFree);

            assertEquals(Decision.DECISION_APPROVED, freeAnswer.getDecision());
            for (Future<AuthorizeResponse> answer : waiting) {
                ExecutionException failure = assertThrows(ExecutionException.class, () -> answer.get(30, TimeUnit.SECONDS));
                assertEquals(Status.Code.ABORTED, ((StatusRuntimeException) failure.getCause()).getStatus().getCode());
            }
            holder.rollback();
        } finally {
            pool.shutdown();
        }
        assertEquals(0, queryLong("SELECT outstanding FROM card WHERE id = ?", locked.getId().getValue()));

        for (AuthorizeRequest request : onLocked) {
            assertEquals(Decision.DECISION_APPROVED, stub.authorize(request).getDecision());
        }
        assertEquals(2_500, queryLong("SELECT outstanding FROM card WHERE id = ?", locked.getId().getValue()));
    }

    /** Waits until at least {@code transactions} InnoDB transactions are waiting for a lock (within 10 s). */
    private void awaitLockWaits(int transactions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queryLong("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = ?", "LOCK WAIT")
                < transactions) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(transactions + " decisions never waited for the locked card");
            }
            // InnoDB refreshes this table only when it was last read over 0.1 s ago: polling faster sees it never change.
            Thread.sleep(150);
        }
    }

    private List<AuthorizeResponse> allAtOnce(List<AuthorizeRequest> requests) throws Exception {
        List<AuthorizeResponse> responses = new ArrayList<>();
        for (Object answer : allAtOnceOrFailure(requests)) {
            if (answer instanceof RuntimeException failure) {
                throw failure;
            }
            responses.add((AuthorizeResponse) answer);
        }
        return responses;
    }

    /** Sends every request from its own thread, released together; each answer or the call's failure, in order. */
    private List<Object> allAtOnceOrFailure(List<AuthorizeRequest> requests) throws Exception {
        var stub = new CardNetwork(client()).stub();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<AuthorizeResponse>> calls = new ArrayList<>();
            for (AuthorizeRequest request : requests) {
                Callable<AuthorizeResponse> call = () -> {
                    start.await();
                    return stub.authorize(request);
                };
                calls.add(pool.submit(call));
            }
            start.countDown();
            List<Object> answers = new ArrayList<>();
            for (Future<AuthorizeResponse> call : calls) {
                try {
                    answers.add(call.get());
                } catch (ExecutionException e) {
                    answers.add(e.getCause());
                }
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }
}
