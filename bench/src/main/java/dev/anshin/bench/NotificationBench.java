package dev.anshin.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;

/**
 * {@code --mode notification}: issue 18's delivery target. Usage notices go into the packaged notification-service the
 * way card-control's outbox relay sends them ({@code NotifyUsages}, a batch per call, a call every 100 ms), at a fixed
 * rate (open loop), and out through its delivery outbox over SMTP into GreenMail in this process. Each notice's
 * <b>delivery lag</b> runs from the moment its {@code NotifyUsages} call was acknowledged (the relay's "done") to the
 * moment GreenMail took its e-mail. Target: at least 500 notices/s with p99 lag at most 2 s, nothing lost.
 */
final class NotificationBench {

    static final long DEFAULT_RATE = 500;
    static final double TARGET_RATE = 500;
    static final double TARGET_P99_SECONDS = 2;
    /** One NotifyUsages call per tick; at 500 notices/s that is 50 notices a call. */
    static final Duration TICK = Duration.ofMillis(100);

    private final Options options;
    private final long startedAt = System.nanoTime();

    NotificationBench(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Report.Machine machine = Report.Machine.now();
        long rate = options.rate() > 0 ? options.rate() : DEFAULT_RATE;
        long ticks = (options.warmup().toMillis() + options.duration().toMillis()) / TICK.toMillis();
        long warmupTicks = options.warmup().toMillis() / TICK.toMillis();
        int total = (int) perTick(rate, ticks);
        int warmupNotices = (int) perTick(rate, warmupTicks);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String clientSecret = HexFormat.of().formatHex(secret);
        progress("starting the bench's OpenID Connect issuer and GreenMail");
        try (BenchIssuer issuer = BenchIssuer.start(NotificationProcess.CLIENT_ID, clientSecret, Duration.ofHours(12));
                MailSink mail = MailSink.start(total);
                NotificationProcess service = NotificationProcess.start(options, issuer.issuer(), clientSecret, mail.port(),
                        ServiceProcess.freePort(), NotificationProcess.log(options, "notification-bench.log"))) {
            Duration startup = service.awaitReady(Duration.ofSeconds(180));
            progress(String.format("notification-service ready after %.1f s (%s, SMTP 127.0.0.1:%d)", startup.toMillis() / 1e3,
                    options.jdbcUrl(), mail.port()));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
            try {
                NotificationLoad load = NotificationLoad.prepare(channel, issuer, options.cards(), options.deadline());
                progress(String.format("%,d members with an e-mail address on file; %,d notices/s for %s (warm-up %s), a call every %d ms",
                        load.members(), rate, Report.seconds(options.duration()), Report.seconds(options.warmup()), TICK.toMillis()));
                measure(machine, load, mail, service, rate, ticks, total, warmupNotices);
            } finally {
                channel.shutdownNow();
            }
            progress("stopping notification-service");
        }
    }

    /** Notices scheduled in the first {@code ticks} ticks at {@code rate}: rounded so that every second holds exactly the rate. */
    private static long perTick(long rate, long ticks) {
        return rate * ticks * TICK.toMillis() / 1000;
    }

    private void measure(Report.Machine machine, NotificationLoad load, MailSink mail, NotificationProcess service, long rate,
            long ticks, int total, int warmupNotices) throws Exception {
        AtomicLongArray acked = new AtomicLongArray(total);
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong callsLate = new AtomicLong();
        ExecutorService callers = Executors.newFixedThreadPool(options.concurrency());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long loadStart = System.nanoTime() + TICK.toNanos();
        long measuredStart = loadStart + options.warmup().toNanos();
        Duration cpuBefore = Duration.ZERO;
        for (long k = 0; k < ticks; k++) {
            int from = (int) perTick(rate, k);
            int to = (int) perTick(rate, k + 1);
            long due = loadStart + k * TICK.toNanos();
            clock.schedule(() -> callers.execute(() -> {
                if (System.nanoTime() - due > TICK.toNanos()) {
                    callsLate.incrementAndGet();
                }
                try {
                    int ok = load.send(from, to);
                    long now = System.nanoTime();
                    for (int n = from; n < to; n++) {
                        acked.set(n, now);
                    }
                    if (ok != to - from) {
                        errors.computeIfAbsent("an item not OK", e -> new AtomicLong()).addAndGet(to - from - ok);
                    }
                } catch (RuntimeException e) {
                    errors.computeIfAbsent(Status.fromThrowable(e).getCode().name(), c -> new AtomicLong()).addAndGet(to - from);
                }
            }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        sleepUntil(measuredStart);
        cpuBefore = cpu(service);
        long loadEnd = loadStart + ticks * TICK.toNanos();
        sleepUntil(loadEnd);
        // Every call scheduled goes out and is waited for (a call the service is slow to answer still counts).
        clock.shutdown();
        clock.awaitTermination(10, TimeUnit.SECONDS);
        callers.shutdown();
        if (!callers.awaitTermination(options.drainTimeout().plus(options.deadline()).toSeconds(), TimeUnit.SECONDS)) {
            callers.shutdownNow();
        }
        Duration cpuAtLoadEnd = cpu(service);
        progress(String.format("load sent and answered; waiting up to %s for the last e-mails", Report.seconds(options.drainTimeout())));
        long ackedCount = countAcked(acked);
        long drainDeadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (mail.distinctNotices() < ackedCount && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
        }
        double drainSeconds = Math.max(0, System.nanoTime() - loadEnd) / 1e9;
        Thread.sleep(1_000); // a repeat arriving late is still counted

        // The measured notices: those scheduled after the warm-up.
        int measured = total - warmupNotices;
        double[] lags = new double[measured];
        int arrived = 0;
        long firstArrival = Long.MAX_VALUE;
        long lastArrival = 0;
        long measuredAcked = 0;
        long lost = 0;
        for (int n = warmupNotices; n < total; n++) {
            if (acked.get(n) == 0) {
                continue;
            }
            measuredAcked++;
            if (mail.copies(n) == 0) {
                lost++;
                continue;
            }
            long at = mail.firstArrival(n);
            firstArrival = Math.min(firstArrival, at);
            lastArrival = Math.max(lastArrival, at);
            lags[arrived++] = (at - acked.get(n)) / 1e9;
        }
        double[] sorted = Arrays.copyOf(lags, arrived);
        Arrays.sort(sorted);
        // The p99 of each sixth of the measured notices, in the order they were sent: lags that grow are a service
        // falling behind; lags that shrink, a backlog the warm-up left.
        StringBuilder lagOverTime = new StringBuilder();
        int slices = 6;
        for (int k = 0; k < slices && arrived >= slices; k++) {
            double[] part = Arrays.copyOfRange(lags, arrived * k / slices, arrived * (k + 1) / slices);
            Arrays.sort(part);
            lagOverTime.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", percentile(part, 99)));
        }
        // The pace of delivery: from the first measured e-mail to the last. (From the phase's start it could never read
        // the offered rate: every lag, however short, lengthened it; a backlog still lengthens this one.)
        double seconds = arrived < 2 ? 0 : (lastArrival - firstArrival) / 1e9;
        double deliveredPerSecond = seconds > 0 ? arrived / seconds : 0;
        long copies = 0;
        long repeated = 0;
        for (int n = 0; n < total; n++) {
            int c = mail.copies(n);
            copies += c;
            repeated += Math.max(0, c - 1);
        }
        long lostAll = 0;
        for (int n = 0; n < total; n++) {
            if (acked.get(n) != 0 && mail.copies(n) == 0) {
                lostAll++;
            }
        }
        double cpuPerNotice = arrived == 0 ? 0 : (cpuAtLoadEnd.minus(cpuBefore).toNanos() / 1e6) / Math.max(1, measured);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.get()));
        print(System.out, machine, Report.Machine.now(), load.members(), rate, total, warmupNotices, measured, measuredAcked,
                arrived, sorted, lagOverTime.toString(), seconds, deliveredPerSecond, lost, lostAll, repeated, copies, mail, drainSeconds, ackedCount,
                errorCounts, callsLate.get(), cpuPerNotice);
    }

    private static long countAcked(AtomicLongArray acked) {
        long count = 0;
        for (int n = 0; n < acked.length(); n++) {
            if (acked.get(n) != 0) {
                count++;
            }
        }
        return count;
    }

    private static Duration cpu(NotificationProcess service) {
        return service.handle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000), 0);
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void print(PrintStream out, Report.Machine before, Report.Machine after, int members, long rate, int total,
            int warmupNotices, int measured, long measuredAcked, int arrived, double[] lags, String lagOverTime, double seconds,
            double deliveredPerSecond, long lost, long lostAll, long repeated, long copies, MailSink mail, double drainSeconds,
            long ackedCount, Map<String, Long> errors, long callsLate, double cpuMillisPerNotice) {
        String rule = "-".repeat(108);
        out.println();
        out.println("Anshin bench, notification mode: usage notices through NotifyUsages into notification-service's delivery"
                + " outbox, out over SMTP into GreenMail");
        out.println(rule);
        Report.field(out, "When", before.at().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        Report.field(out, "Machine", String.format("%d cores, %s, %s", before.cores(), before.cpuModel(), before.os()));
        Report.field(out, "Load avg", "1/5/15 min: " + before.loadAverage() + " at start, " + after.loadAverage() + " at the end");
        Report.field(out, "Service", String.format("%s (packaged %s), profile prod, %s; JVM options: %s",
                options.root().relativize(NotificationProcess.jar(options)), Report.packagedAt(NotificationProcess.jar(options)),
                options.jdbcUrl(), options.serviceJavaOptions().isEmpty() ? "none" : String.join(" ", options.serviceJavaOptions())));
        Report.field(out, "SMTP", "GreenMail in the bench's JVM, 127.0.0.1, plain SMTP (no STARTTLS, no login): the departures from prod");
        Report.field(out, "Load", String.format(Locale.ROOT, "open loop, %,d notices/s as NotifyUsages calls of %,d every %d ms"
                + " (role card-control), at most %d calls in flight; %,d members, each with an e-mail address; warm-up %s"
                + " (%,d notices, excluded), measured %s (%,d notices)", rate, rate * TICK.toMillis() / 1000, TICK.toMillis(),
                options.concurrency(), members, Report.seconds(options.warmup()), warmupNotices, Report.seconds(options.duration()),
                measured));
        out.println(rule);
        Report.field(out, "Delivered", String.format(Locale.ROOT, "%,d of the %,d measured notices acknowledged, in %.1f s"
                + " from the first of their e-mails to the last: %,.0f notices/s", arrived, measuredAcked, seconds,
                deliveredPerSecond));
        Report.field(out, "Lag", String.format(Locale.ROOT, "acknowledged -> in GreenMail: p50 %.3f s, p90 %.3f s, p99 %.3f s,"
                + " p99.9 %.3f s, max %.3f s", percentile(lags, 50), percentile(lags, 90), percentile(lags, 99),
                percentile(lags, 99.9), lags.length == 0 ? Double.NaN : lags[lags.length - 1]));
        Report.field(out, "Lag by time", "p99 of each sixth of the measured notices, in the order they were sent: "
                + lagOverTime + " s");
        // Kept up with at least the target's rate: every measured notice offered at >= 500/s arrived, 99 % within 2 s (a
        // service slower than the offered rate falls further behind with every second, and its lags grow past any bound).
        boolean met = rate >= TARGET_RATE && arrived == measured && percentile(lags, 99) <= TARGET_P99_SECONDS
                && lostAll == 0 && errors.isEmpty() && measuredAcked == measured;
        Report.field(out, "Target", String.format(Locale.ROOT, "keep up with at least %.0f notices/s (offered: %,d/s): every"
                + " measured notice delivered, p99 lag at most %.0f s, nothing lost: %s", TARGET_RATE, rate, TARGET_P99_SECONDS,
                met ? "MET" : "NOT MET"));
        Report.field(out, "Missing", String.format(Locale.ROOT, "%,d acknowledged notices not in GreenMail by the end of the drain"
                + " timeout (%,d of them measured; still in the service's outbox, or lost); the last arrived %.1f s after the"
                + " load ended", lostAll, lost, drainSeconds));
        Report.field(out, "Copies", String.format(Locale.ROOT, "GreenMail took %,d messages: %,d distinct Message-IDs, %,d notices"
                + " twice or more (%,d extra copies), %,d without a bench notice", mail.messages(), mail.distinctMessageIds(),
                mail.repeatedMessageIds().size(), repeated, mail.unreadable()));
        Report.field(out, "Calls", String.format(Locale.ROOT, "%,d notices acknowledged of %,d sent; errors: %s; calls sent more"
                + " than %d ms late: %,d", ackedCount, total, errors.isEmpty() ? "none" : errors.toString(), TICK.toMillis(), callsLate));
        Report.field(out, "CPU", String.format(Locale.ROOT, "notification-service: %.3f ms per measured notice (its process's"
                + " CPU time over the measured phase)", cpuMillisPerNotice));
        out.println(rule);
    }

    private void progress(String message) {
        System.err.printf("bench [%5.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    }
}
