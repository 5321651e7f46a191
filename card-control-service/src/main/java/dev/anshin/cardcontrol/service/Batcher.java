package dev.anshin.cardcontrol.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Hands work that arrives at the same time to one call of {@code work}, so what each call costs once (a database
 * round trip, a commit) is shared. Callers get a future of their item's answer ({@link #submitAsync}).
 * <p>
 * Nothing waits to fill a batch: each of the committer threads takes the first queued item and whatever else is queued
 * behind it (up to {@code maxSize}), so one item alone is handled at once, and items that queue up while a batch runs
 * go together in the next. Each committer has a {@link Worker} of its own (a database connection it keeps, say) for as
 * long as it runs. A worker answers every item of its batch, in order; if it throws instead, every item of the batch
 * fails with that exception.
 * At most {@code maxQueued} items wait at once: past that, and after {@link #close}, an item is refused at once with
 * {@link DecisionsUnavailable} rather than left to wait behind work that is not moving (a database that stalls, say).
 * After {@link #close}, whatever is queued is still handled.
 */
final class Batcher<T, R> implements AutoCloseable {

    /** Answers batches, one after the other, on one committer thread. */
    interface Worker<T, R> extends AutoCloseable {

        List<R> apply(List<T> batch);

        @Override
        default void close() {
        }
    }

    private static final Logger LOG = Logger.getLogger(Batcher.class);

    private record Item<T, R>(T value, CompletableFuture<R> result) {
    }

    private final Supplier<Worker<T, R>> workers;
    private final int maxSize;
    private final BlockingQueue<Item<T, R>> queue;
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean closed;

    Batcher(String name, int committers, int maxSize, int maxQueued, Supplier<Worker<T, R>> workers) {
        if (committers < 1 || maxSize < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("a batcher needs at least one committer, and batches and queue of at least 1");
        }
        this.workers = workers;
        this.maxSize = maxSize;
        this.queue = new LinkedBlockingQueue<>(maxQueued);
        for (int i = 0; i < committers; i++) {
            Thread committer = new Thread(this::commitWhileOpen, name + "-" + i);
            committer.setDaemon(true);
            this.committers.add(committer);
            committer.start();
        }
    }

    /**
     * The answer to {@code value}, completed on the committer's thread when its batch is done (exceptionally, with the
     * batch's own exception, if it failed); a caller should move on to a thread of its own before doing more work.
     * Completed at once with {@link DecisionsUnavailable} when the queue is full or the batcher closed.
     */
    CompletableFuture<R> submitAsync(T value) {
        Item<T, R> item = new Item<>(value, new CompletableFuture<>());
        if (closed) {
            item.result().completeExceptionally(new DecisionsUnavailable("the service is shutting down; retry elsewhere"));
        } else if (!queue.offer(item)) {
            item.result().completeExceptionally(new DecisionsUnavailable(
                    "too many requests are waiting for the database; retry shortly"));
        } else if (closed && queue.remove(item)) {
            // Closed between the check and the offer, and no committer took it: it would wait for nobody.
            item.result().completeExceptionally(new DecisionsUnavailable("the service is shutting down; retry elsewhere"));
        }
        return item.result();
    }

    /** Items waiting for a committer (not those of batches already running). */
    int queued() {
        return queue.size();
    }

    private void commitWhileOpen() {
        try (Worker<T, R> worker = workers.get()) {
            commitWhileOpen(worker);
        }
    }

    private void commitWhileOpen(Worker<T, R> worker) {
        List<Item<T, R>> batch = new ArrayList<>(maxSize);
        while (!closed || !queue.isEmpty()) {
            try {
                Item<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxSize - 1);
                complete(worker, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void complete(Worker<T, R> worker, List<Item<T, R>> batch) {
        List<T> values = new ArrayList<>(batch.size());
        for (Item<T, R> item : batch) {
            values.add(item.value());
        }
        try {
            List<R> results = run(worker, values);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (Throwable failure) {
            for (Item<T, R> item : batch) {
                item.result().completeExceptionally(failure);
            }
        }
    }

    private List<R> run(Worker<T, R> worker, List<T> values) {
        List<R> results = worker.apply(values);
        if (results.size() != values.size()) {
            throw new IllegalStateException("a batch of " + values.size() + " got " + results.size() + " answers");
        }
        return results;
    }

    /** Stops taking new batches once the queue is empty, waiting up to 10 s for each committer to finish. */
    @Override
    public void close() {
        closed = true;
        for (Thread committer : committers) {
            try {
                committer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (committer.isAlive()) {
                LOG.warnf("%s still running after 10 s at shutdown", committer.getName());
            }
        }
    }
}
