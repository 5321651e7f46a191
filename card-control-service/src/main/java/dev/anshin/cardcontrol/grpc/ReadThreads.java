package dev.anshin.cardcontrol.grpc;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.anshin.cardcontrol.config.ReadThreadsConfig;
import io.quarkus.runtime.Startup;

/**
 * A few threads, two per processor unless configured ({@code anshin.reads.threads}), that run members' card-list reads:
 * a bulkhead between the app's most frequent read and everything else on the worker pool.
 * <p>
 * Why: on the worker pool every read in flight held a thread and a database connection of its own, so 32 members
 * reading at once were 32 threads and 32 queries contending for two cores (and for MariaDB's own threads). Each read
 * then cost more CPU in card-control and in the database than the same read made a few at a time; the rest now wait
 * in this pool's queue, where waiting costs nothing ({@code ./anshin bench --mode gateway}, bench/README.md).
 */
@ApplicationScoped
@Startup // a wrong anshin.reads.threads stops the start, not the first member's read
public class ReadThreads implements Executor {

    private final ExecutorService threads;

    public ReadThreads(ReadThreadsConfig config) {
        int count = config.threads().orElse(2 * Runtime.getRuntime().availableProcessors());
        if (count < 1) {
            throw new IllegalStateException("anshin.reads.threads must be at least 1, not " + count);
        }
        AtomicInteger created = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "card-reads-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.threads = Executors.newFixedThreadPool(count, factory);
    }

    @Override
    public void execute(Runnable read) {
        threads.execute(read);
    }

    @PreDestroy
    void stop() {
        threads.shutdown();
    }
}
