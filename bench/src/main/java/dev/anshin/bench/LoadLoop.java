package dev.anshin.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.grpc.StatusRuntimeException;

/**
 * The load of one phase, warm-up and then the measured phase without a pause in between, in one of two shapes:
 * <ul>
 * <li><b>closed loop</b> ({@code rate} 0): {@code concurrency} threads, each sending its next call as soon as the
 * previous one answered. Each call is timed from just before the stub is invoked to just after the response (or error)
 * is back. Like every closed-loop tool it measures latency at the concurrency it holds, not at an arrival rate: when
 * the service slows down, the loop sends less (coordinated omission), so the report states the concurrency with the
 * numbers.</li>
 * <li><b>open loop</b> ({@code rate} R calls/s): call k is scheduled at {@code begin + k / R}, whatever happened to the
 * calls before it, and sent by the next of {@code concurrency} threads to be free. Each call is timed from its
 * <em>scheduled</em> time, so a call that waited for a free thread because the service fell behind counts that wait:
 * the latencies are those of callers arriving at R per second, with no coordinated omission. A call sent more than
 * {@link #LATE_NANOS} after its scheduled time is counted as late. In the warm-up only, a call already
 * {@link #WARMUP_MAX_LAG_NANOS} behind its time is dropped, not sent: a service still warming up falls behind, and the
 * measured phase must start on schedule rather than inherit the warm-up's backlog.</li>
 * </ul>
 *
 * <p>A call belongs to the measured phase when it was sent (open loop: scheduled) inside it; the phase's throughput is
 * those calls divided by the time from the phase's start to the last of them finishing. Percentiles are computed from
 * every latency sample of successful calls (sorted, nearest rank), never averaged across threads. Errors are tallied by
 * gRPC status code and their latencies kept apart, so a fast failure cannot flatter the percentiles. Times are
 * {@link System#nanoTime()}.
 */
final class LoadLoop {

    /**
     * One call, in two steps so that building the request stays outside the timed part: {@link #prepare} (untimed),
     * then {@link #send}, timed, which returns the outcome to tally (for example {@code APPROVED}) or throws the gRPC
     * error. Both run on the worker's own thread.
     */
    interface Call<R> {
        R prepare(int worker, long sequence);

        String send(int worker, R request) throws StatusRuntimeException;
    }

    /** Things to do at the phase boundaries (read counters, CPU), on the coordinating thread. */
    interface Hooks {
        default void measureStarted() {
        }

        default void measureEnded() {
        }
    }

    /** An open-loop call sent later than this after its scheduled time is late: no thread was free, or it woke late. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** In an open loop's warm-up, a call this far behind its scheduled time is dropped. */
    static final long WARMUP_MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What one phase measured. Latencies in nanoseconds, sorted; {@code rate} 0 for a closed loop. */
    record Result(
            int concurrency,
            long rate,
            long lateCalls,
            long warmupDropped,
            long[] okLatencies,
            long[] errorLatencies,
            Map<String, Long> outcomes,
            Map<String, Long> errors,
            long warmupCalls,
            Map<String, Long> warmupOutcomes,
            Map<String, Long> warmupErrors,
            long measuredNanos) {

        long okCalls() {
            return okLatencies.length;
        }

        long errorCalls() {
            return errorLatencies.length;
        }

        long calls() {
            return okCalls() + errorCalls();
        }

        double seconds() {
            return measuredNanos / 1e9;
        }

        double callsPerSecond() {
            return calls() / seconds();
        }

        double okPerSecond() {
            return okCalls() / seconds();
        }

        /** Nearest-rank percentile of the successful calls, in milliseconds; NaN without samples. */
        double percentileMillis(double percentile) {
            if (okLatencies.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * okLatencies.length);
            return okLatencies[Math.max(0, Math.min(okLatencies.length - 1, rank - 1))] / 1e6;
        }

        double maxMillis() {
            return okLatencies.length == 0 ? Double.NaN : okLatencies[okLatencies.length - 1] / 1e6;
        }
    }

    private LoadLoop() {
    }

    /** A closed loop of {@code concurrency} calls in flight. */
    static <R> Result closed(String name, int concurrency, Duration warmup, Duration measured, Call<R> call, Hooks hooks)
            throws InterruptedException {
        return run(name, concurrency, 0, warmup, measured, call, hooks);
    }

    /** An open loop of {@code rate} calls a second, sent by at most {@code concurrency} threads at once. */
    static <R> Result open(String name, long rate, int concurrency, Duration warmup, Duration measured, Call<R> call,
            Hooks hooks) throws InterruptedException {
        return run(name, concurrency, rate, warmup, measured, call, hooks);
    }

    private static <R> Result run(String name, int concurrency, long rate, Duration warmup, Duration measured, Call<R> call,
            Hooks hooks) throws InterruptedException {
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureStart = begin + warmup.toNanos();
        long measureEnd = measureStart + measured.toNanos();

        Schedule schedule = rate == 0 ? null : new Schedule(begin, rate);
        List<Worker<R>> workers = new ArrayList<>(concurrency);
        for (int w = 0; w < concurrency; w++) {
            Worker<R> worker = new Worker<>(w, call, schedule, begin, measureStart, measureEnd);
            worker.thread = new Thread(worker, name + "-" + w);
            worker.thread.setDaemon(true);
            workers.add(worker);
        }
        workers.forEach(w -> w.thread.start());

        sleepUntil(measureStart);
        hooks.measureStarted();
        sleepUntil(measureEnd);
        hooks.measureEnded();
        for (Worker<R> w : workers) {
            w.thread.join();
        }

        Samples ok = new Samples();
        Samples failed = new Samples();
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        Map<String, Long> warmupOutcomes = new TreeMap<>();
        Map<String, Long> warmupErrors = new TreeMap<>();
        long warmupCalls = 0;
        long lateCalls = 0;
        long warmupDropped = 0;
        long lastFinish = measureStart;
        for (Worker<R> w : workers) {
            if (w.unexpected != null) {
                throw new IllegalStateException(name + " worker " + w.index + " failed", w.unexpected);
            }
            ok.addAll(w.ok);
            failed.addAll(w.failed);
            w.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            w.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            w.warmupOutcomes.forEach((k, v) -> warmupOutcomes.merge(k, v, Long::sum));
            w.warmupErrors.forEach((k, v) -> warmupErrors.merge(k, v, Long::sum));
            warmupCalls += w.warmupCalls;
            lateCalls += w.lateCalls;
            warmupDropped += w.warmupDropped;
            lastFinish = Math.max(lastFinish, w.lastMeasuredFinish);
        }
        return new Result(concurrency, rate, lateCalls, warmupDropped, ok.sorted(), failed.sorted(), outcomes, errors,
                warmupCalls, warmupOutcomes, warmupErrors, Math.max(1, lastFinish - measureStart));
    }

    private static void sleepUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Open loop: the scheduled send time of call k is {@code begin + k * 1e9 / rate} ns; threads take calls in turn. */
    private static final class Schedule {
        private final long begin;
        private final long rate;
        private final AtomicLong next = new AtomicLong();

        Schedule(long begin, long rate) {
            this.begin = begin;
            this.rate = rate;
        }

        long nextSendTime() {
            long k = next.getAndIncrement();
            return begin + k / rate * 1_000_000_000L + k % rate * 1_000_000_000L / rate;
        }
    }

    private static final class Worker<R> implements Runnable {
        final int index;
        final Call<R> call;
        final Schedule schedule;
        final long begin;
        final long measureStart;
        final long measureEnd;
        final Samples ok = new Samples();
        final Samples failed = new Samples();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        final Map<String, Long> warmupOutcomes = new TreeMap<>();
        final Map<String, Long> warmupErrors = new TreeMap<>();
        long warmupCalls;
        long lateCalls;
        long warmupDropped;
        long lastMeasuredFinish;
        Throwable unexpected;
        Thread thread;

        Worker(int index, Call<R> call, Schedule schedule, long begin, long measureStart, long measureEnd) {
            this.index = index;
            this.call = call;
            this.schedule = schedule;
            this.begin = begin;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
        }

        @Override
        public void run() {
            try {
                sleepUntil(begin);
                long sequence = 0;
                while (true) {
                    R request = call.prepare(index, sequence++);
                    // Closed loop: timed from now. Open loop: timed from the call's scheduled time, wait included.
                    long sent = schedule == null ? System.nanoTime() : schedule.nextSendTime();
                    if (sent - measureEnd >= 0) {
                        return;
                    }
                    if (schedule != null) {
                        if (sent - measureStart < 0 && System.nanoTime() - sent > WARMUP_MAX_LAG_NANOS) {
                            warmupDropped++;
                            continue;
                        }
                        sleepUntil(sent);
                        if (System.nanoTime() - sent > LATE_NANOS && sent - measureStart >= 0) {
                            lateCalls++;
                        }
                    }
                    String outcome = null;
                    String error = null;
                    try {
                        outcome = call.send(index, request);
                    } catch (StatusRuntimeException e) {
                        error = e.getStatus().getCode().name();
                    }
                    long finished = System.nanoTime();
                    if (sent - measureStart >= 0) {
                        if (error == null) {
                            ok.add(finished - sent);
                            outcomes.merge(outcome, 1L, Long::sum);
                        } else {
                            failed.add(finished - sent);
                            errors.merge(error, 1L, Long::sum);
                        }
                        lastMeasuredFinish = finished;
                    } else {
                        warmupCalls++;
                        if (error == null) {
                            warmupOutcomes.merge(outcome, 1L, Long::sum);
                        } else {
                            warmupErrors.merge(error, 1L, Long::sum);
                        }
                    }
                }
            } catch (Throwable t) {
                unexpected = t;
            }
        }
    }

    /** A growable array of latencies: every sample is kept, so percentiles are exact. */
    private static final class Samples {
        private long[] values = new long[1 << 14];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(Samples other) {
            if (size + other.size > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + other.size));
            }
            System.arraycopy(other.values, 0, values, size, other.size);
            size += other.size;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
