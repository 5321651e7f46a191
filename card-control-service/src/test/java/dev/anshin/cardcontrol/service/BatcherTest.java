package dev.anshin.cardcontrol.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** How work that arrives together is handed to one call, and what each caller gets back. */
class BatcherTest {

    /** Records every batch it is given; the first one waits for {@link #release} so others can queue up behind it. */
    private static final class RecordingWork {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        List<String> apply(List<Integer> batch) {
            batches.add(List.copyOf(batch));
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<String> answers = new ArrayList<>();
            for (Integer value : batch) {
                if (value < 0) {
                    throw new IllegalArgumentException("negative: " + value);
                }
                answers.add("answer-" + value);
            }
            return answers;
        }
    }

    @Test
    void itemsThatQueueUpWhileABatchRunsGoTogetherInTheNextAndEachCallerGetsItsOwnAnswer() throws Exception {
        RecordingWork work = new RecordingWork();
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 1, 64, 100, () -> work::apply)) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> batcher.submitAsync(0).join());
            assertThat(work.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int value = i;
                queued.add(CompletableFuture.supplyAsync(() -> batcher.submitAsync(value).join()));
            }
            waitUntilQueued(batcher, 5);
            work.release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer-0");
            for (int i = 1; i <= 5; i++) {
                assertThat(queued.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo("answer-" + i);
            }
            assertThat(work.batches).hasSize(2);
            assertThat(work.batches.get(0)).containsExactly(0);
            assertThat(work.batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        }
    }

    @Test
    void aBatchIsNeverLargerThanMaxSize() throws Exception {
        RecordingWork work = new RecordingWork();
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 1, 3, 100, () -> work::apply)) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> batcher.submitAsync(0).join());
            assertThat(work.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                int value = i;
                queued.add(CompletableFuture.supplyAsync(() -> batcher.submitAsync(value).join()));
            }
            waitUntilQueued(batcher, 7);
            work.release.countDown();

            first.get(5, TimeUnit.SECONDS);
            for (CompletableFuture<String> answer : queued) {
                answer.get(5, TimeUnit.SECONDS);
            }
            assertThat(work.batches).allMatch(batch -> batch.size() <= 3);
            assertThat(work.batches.stream().mapToInt(List::size).sum()).isEqualTo(8);
        }
    }

    @Test
    void whenABatchFailsEveryItemOfItFailsWithItsExceptionAndTheNextBatchIsUnaffected() throws Exception {
        RecordingWork work = new RecordingWork();
        work.release.countDown();
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 1, 64, 100, () -> work::apply)) {
            assertThatThrownBy(() -> batcher.submitAsync(-1).join()).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("negative: -1");
            assertThat(batcher.submitAsync(7).join()).isEqualTo("answer-7");
        }
    }

    @Test
    void afterCloseWhatWasQueuedIsStillDoneAndNewItemsAreRefusedAtOnce() throws Exception {
        RecordingWork work = new RecordingWork();
        Batcher<Integer, String> batcher = new Batcher<>("test", 1, 64, 100, () -> work::apply);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> batcher.submitAsync(0).join());
        assertThat(work.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> batcher.submitAsync(1).join());
        waitUntilQueued(batcher, 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(batcher::close);
        work.release.countDown();
        closing.get(5, TimeUnit.SECONDS);

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer-0");
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("answer-1");
        CompletableFuture<String> late = batcher.submitAsync(2);
        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::join).cause().isInstanceOf(DecisionsUnavailable.class);
        assertThat(work.batches).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void whenMaxQueuedItemsAreWaitingTheNextIsRefusedAtOnceAndTheWaitingOnesAreStillAnswered() throws Exception {
        RecordingWork work = new RecordingWork();
        try (Batcher<Integer, String> batcher = new Batcher<>("test", 1, 64, 3, () -> work::apply)) {
            CompletableFuture<String> first = batcher.submitAsync(0);
            assertThat(work.firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> waiting = List.of(batcher.submitAsync(1), batcher.submitAsync(2),
                    batcher.submitAsync(3));

            CompletableFuture<String> refused = batcher.submitAsync(4);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).cause().isInstanceOf(DecisionsUnavailable.class)
                    .hasMessageContaining("retry");
            work.release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer-0");
            for (int i = 0; i < waiting.size(); i++) {
                assertThat(waiting.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("answer-" + (i + 1));
            }
            assertThat(work.batches).noneMatch(batch -> batch.contains(4));
        }
    }

    private static void waitUntilQueued(Batcher<?, ?> batcher, int items) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batcher.queued() < items && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(batcher.queued()).isEqualTo(items);
    }
}
