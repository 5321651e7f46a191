package dev.anshin.cardcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.anshin.api.cardcontrol.v1.Card;
import dev.anshin.api.cardcontrol.v1.CardBrand;
import dev.anshin.api.cardcontrol.v1.CardState;
import dev.anshin.api.cardcontrol.v1.CardTransition;
import dev.anshin.api.cardcontrol.v1.ResumeCardRequest;
import dev.anshin.api.cardcontrol.v1.SuspendCardRequest;
import dev.anshin.api.cardcontrol.v1.TransitionReason;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ConcurrentTransitionsTest extends CardTestSupport {

    @Test
    void fiftyParallelSuspendAndResumeCallsLeaveACardWhoseStateMatchesItsHistory() throws Exception {
        String member = CardControlClient.newMemberId();
        Card card = client().issueCard(member, CardBrand.CARD_BRAND_VISA, false, 400_000);
        var stub = member(member);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            boolean suspend = i % 2 == 0;
            calls.add(() -> {
                start.await();
                return suspend
                        ? stub.suspendCard(SuspendCardRequest.newBuilder().setCardId(card.getId()).build()).getChanged()
                        : stub.resumeCard(ResumeCardRequest.newBuilder().setCardId(card.getId()).build()).getChanged();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Boolean>> results = new ArrayList<>();
        for (Callable<Boolean> call : calls) {
            results.add(pool.submit(call));
        }
        start.countDown();
        int changes = 0;
        for (Future<Boolean> result : results) {
            changes += result.get() ? 1 : 0; // every call succeeds: a repeated transition is a no-op, not an error
        }
        pool.shutdown();

        List<CardTransition> history = new ArrayList<>(historyOf(member, card.getId()));
        java.util.Collections.reverse(history); // oldest first
        assertEquals(TransitionReason.TRANSITION_REASON_ISSUED, history.get(0).getReason());
        assertEquals(changes, history.size() - 1, "one history entry per call that changed the card, none for no-ops");
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).getToState(), history.get(i).getFromState(),
                    "entry " + i + " starts where the previous one ended");
        }
        CardState last = history.get(history.size() - 1).getToState();
        assertEquals(last.name().substring("CARD_STATE_".length()), stateInDatabase(card.getId().getValue()));
        assertEquals(history.size(), queryLong("SELECT MAX(sequence_no) FROM card_transition WHERE card_id = ?",
                card.getId().getValue()), "sequence numbers 1..n without gaps");
    }

    @Test
    void cardsIssuedAtOnceToDifferentNewMembersNeverRefuseEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Card>> issued = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            issued.add(pool.submit(() -> {
                start.await();
                return client().issueCard(CardControlClient.newMemberId(), CardBrand.CARD_BRAND_JCB, true, 300_000);
            }));
        }
        start.countDown();
        for (Future<Card> card : issued) {
            // Under REPEATABLE READ the empty-account checks took gap locks and some of these deadlocked (ABORTED).
            assertEquals(CardState.CARD_STATE_ACTIVE, card.get().getState());
        }
        pool.shutdown();
    }
}
