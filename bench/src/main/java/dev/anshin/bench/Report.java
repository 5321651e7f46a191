package dev.anshin.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The printed result of a run: parameters and machine first, then the numbers, then what card-control did meanwhile. */
final class Report {

    static final double TARGET_DECISIONS_PER_SECOND = 3_000;
    static final double TARGET_P99_MILLIS = 10;

    /** The machine as it was at a moment: shared, so its load average is part of every result. */
    record Machine(int cores, String cpuModel, String os, String jvm, String loadAverage, ZonedDateTime at) {
        static Machine now() {
            return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    readLoadAverage(), ZonedDateTime.now(ZoneId.of("Asia/Tokyo")));
        }

        private static String readCpuModel() {
            try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown CPU");
            } catch (IOException | RuntimeException e) {
                return "unknown CPU";
            }
        }

        private static String readLoadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException | RuntimeException e) {
                return "n/a";
            }
        }
    }

    /** WARN and ERROR lines of card-control's log, grouped by message with numbers and ids masked. */
    record LogSummary(long warnings, long errors, Map<String, Long> groups) {
        private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ (WARN|ERROR)\\s+(\\[[^\\]]*\\])\\s+\\([^)]*\\)\\s*(.*)$");
        private static final Pattern DIGIT = Pattern.compile("\\d");

        /** Lines written so far, to cut the log into the run's stages. */
        static long lineCount(Path log) {
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                return lines.count();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        /** The summary of lines [from, to) of the log. */
        static LogSummary read(Path log, long from, long to) {
            long warnings = 0;
            long errors = 0;
            Map<String, Long> groups = new LinkedHashMap<>();
            List<String> lines;
            try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
                lines = all.skip(from).limit(Math.max(0, to - from)).toList();
            } catch (IOException | RuntimeException e) {
                return new LogSummary(0, 0, Map.of("(could not read " + log + ": " + e.getMessage() + ")", 1L));
            }
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                if (m.group(1).equals("WARN")) {
                    warnings++;
                } else {
                    errors++;
                }
                // Ids, hashes and addresses (long words with a digit) and plain numbers vary; the message does not.
                String message = Arrays.stream(m.group(3).split(" "))
                        .map(w -> w.length() >= 12 && DIGIT.matcher(w).find() ? "<id>" : w.replaceAll("\\b\\d+\\b", "#"))
                        .collect(Collectors.joining(" "));
                String key = String.format("%-5s %s %s", m.group(1), m.group(2), message);
                groups.merge(key.length() > 170 ? key.substring(0, 167) + "..." : key, 1L, Long::sum);
            }
            Map<String, Long> top = groups.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(6)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
            return new LogSummary(warnings, errors, top);
        }
    }

    private final Options options;
    private final Machine before;
    private final Machine after;
    private final Duration startup;
    private final int cards;
    private final double setupSeconds;
    private final LoadLoop.Result health;
    private final CpuMeter.Usage healthCpu;
    private final LoadLoop.Result authorize;
    private final CpuMeter.Usage authorizeCpu;
    private final Bench.Relay relay;
    private final List<Bench.Tick> ticks;
    private final long authorizeStart;
    private final LogSummary setupLog;
    private final LogSummary loadLog;
    private final int issueRetries;
    private final boolean databaseMeasured;

    Report(Options options, Machine before, Machine after, Duration startup, int cards, int issueRetries, double setupSeconds,
            LoadLoop.Result health, CpuMeter.Usage healthCpu, LoadLoop.Result authorize, CpuMeter.Usage authorizeCpu,
            Bench.Relay relay, List<Bench.Tick> ticks, long authorizeStart, LogSummary setupLog, LogSummary loadLog,
            boolean databaseMeasured) {
        this.options = options;
        this.before = before;
        this.after = after;
        this.startup = startup;
        this.cards = cards;
        this.issueRetries = issueRetries;
        this.setupSeconds = setupSeconds;
        this.health = health;
        this.healthCpu = healthCpu;
        this.authorize = authorize;
        this.authorizeCpu = authorizeCpu;
        this.relay = relay;
        this.ticks = ticks;
        this.authorizeStart = authorizeStart;
        this.setupLog = setupLog;
        this.loadLog = loadLog;
        this.databaseMeasured = databaseMeasured;
    }

    void print(PrintStream out) {
        String rule = "-".repeat(108);
        out.println();
        out.println("Anshin bench: card-control-service authorization decisions, with the gRPC health check as the ceiling");
        out.println(rule);
        field(out, "When", before.at().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        field(out, "Machine", String.format("%d cores, %s, %s", before.cores(), before.cpuModel(), before.os()));
        field(out, "Load avg", "1/5/15 min: " + before.loadAverage() + " at start, " + after.loadAverage()
                + " at the end (shared machine: client, service and database run on these cores too)");
        field(out, "JVM", before.jvm() + " (client and card-control); card-control JVM options: "
                + (options.serviceJavaOptions().isEmpty() ? "none (default ergonomics)" : String.join(" ", options.serviceJavaOptions())));
        field(out, "Service", String.format("%s (packaged %s), profile prod, ready %.1f s after launch",
                options.root().relativize(options.cardControlJar()), packagedAt(options.cardControlJar()), startup.toMillis() / 1e3));
        field(out, "Database", options.jdbcUrl() + " (fresh database; Hibernate's MySQL version check off for MariaDB)");
        field(out, "Cards", String.format("%,d numberless (Visa, Mastercard, JCB, Amex in turn), one member each, contract limit"
                + " %,d yen; issued and revealed in %.1f s%s", cards, options.contractLimit(), setupSeconds,
                issueRetries == 0 ? "" : String.format("; IssueCard answered ABORTED %,d times (retried)", issueRetries)));
        field(out, "Fraud rules", "set so approvals dominate, the velocity count reading as few rows as in production: " + String.join(", ", CardControlProcess.RELAXED_FRAUD_RULES)
                .replace("anshin.authorization.fraud.", ""));
        String connections = String.format("%d HTTP/2 connection%s", options.connections(), options.connections() == 1 ? "" : "s");
        field(out, "Load", options.rate() == 0
                ? String.format("closed loop, %d calls in flight over %s", options.concurrency(), connections)
                : String.format(Locale.ROOT, "Authorize: open loop, %,d calls/s scheduled (one every %.0f µs) whatever the answers, at"
                        + " most %d in flight, latency timed from each call's scheduled time; Health/Check: closed loop, %d in"
                        + " flight; over %s", options.rate(), 1e6 / options.rate(), options.concurrency(), options.concurrency(),
                        connections));
        field(out, "", String.format("warm-up %s before each phase (excluded); deadline %s per call; Authorize with one card-network token",
                seconds(options.warmup()), seconds(options.deadline())));
        field(out, "Purchases", Purchases.DESCRIPTION);
        field(out, "Outbox relay", options.relay()
                ? "on (anshin.outbox.relay-enabled=true); the receivers acknowledge every event at once"
                : "off (anshin.outbox.relay-enabled=false); events are written to the outbox and not delivered");
        out.println(rule);

        out.printf(Locale.ROOT, "%-34s %10s %10s %7s %8s %8s %8s %8s %8s%n",
                "", "calls", "calls/s", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        row(out, String.format("Health/Check, ceiling (%.1f s)", health.seconds()), health);
        row(out, String.format("Authorize, decisions (%.1f s)", authorize.seconds()), authorize);
        out.println(rule);

        boolean openLoop = authorize.rate() > 0;
        boolean met = (openLoop ? authorize.rate() >= TARGET_DECISIONS_PER_SECOND : authorize.okPerSecond() >= TARGET_DECISIONS_PER_SECOND)
                && authorize.percentileMillis(99) < TARGET_P99_MILLIS && authorize.errorCalls() == 0;
        field(out, "Target", String.format(Locale.ROOT, "at least %,.0f decisions/s with p99 under %.0f ms: %s (%s, p99 %.2f ms%s,"
                + " %s; %.0f%% of the health ceiling's calls/s)",
                TARGET_DECISIONS_PER_SECOND, TARGET_P99_MILLIS, met ? "MET" : "NOT MET",
                openLoop ? String.format("%,d decisions/s scheduled, %,.0f/s answered", authorize.rate(), authorize.okPerSecond())
                        : String.format("%,.0f decisions/s", authorize.okPerSecond()),
                authorize.percentileMillis(99), openLoop ? " from the scheduled time" : "",
                authorize.errorCalls() == 0 ? "no errors" : authorize.errorCalls() + " errors",
                100 * authorize.okPerSecond() / health.okPerSecond()));
        if (openLoop) {
            field(out, "Schedule", String.format(Locale.ROOT, "%,d of %,d measured calls (%.2f%%) sent more than %d ms after their"
                    + " scheduled time (no free thread, or the client's thread woke late); the wait is in their latencies",
                    authorize.lateCalls(), authorize.calls(), 100.0 * authorize.lateCalls() / Math.max(1, authorize.calls()),
                    LoadLoop.LATE_NANOS / 1_000_000));
            field(out, "", String.format(Locale.ROOT, "warm-up: %,d calls dropped, more than %d ms behind their time (the service not"
                    + " yet keeping up); the measured phase starts on schedule", authorize.warmupDropped(),
                    LoadLoop.WARMUP_MAX_LAG_NANOS / 1_000_000));
        }
        field(out, "Errors", "Health/Check " + tally(health.errors(), health.calls()) + "; Authorize "
                + tally(authorize.errors(), authorize.calls()) + "   (warm-up: Health/Check " + tally(health.warmupErrors(), 0)
                + ", Authorize " + tally(authorize.warmupErrors(), 0) + ")");
        if (health.errorCalls() + authorize.errorCalls() > 0) {
            field(out, "", "latency percentiles are of successful calls only; failed calls are counted above");
        }
        field(out, "Health", tally(health.outcomes(), health.okCalls()));
        field(out, "Decisions", decisions(authorize.outcomes(), authorize.okCalls()) + String.format(
                "   (warm-up, excluded: %,d calls)", authorize.warmupCalls()));
        field(out, "CPU", "Health/Check window: " + CpuMeter.describe(healthCpu));
        field(out, "", "Authorize window:    " + CpuMeter.describe(authorizeCpu));
        if (authorize.okCalls() > 0) {
            double perDecision = authorizeCpu.seconds() * 1e3 / authorize.okCalls();
            field(out, "", String.format(Locale.ROOT, "per decision: card-control %.3f ms CPU%s", authorizeCpu.cardControl() * perDecision,
                    databaseMeasured ? String.format(Locale.ROOT, ", MariaDB %.3f ms CPU", authorizeCpu.database() * perDecision) : ""));
        }
        printOutbox(out);
        printTimeline(out);
        field(out, "Service log", String.format("%s; startup and card setup: %,d WARN, %,d ERROR lines",
                options.root().relativize(options.log()), setupLog.warnings(), setupLog.errors()));
        setupLog.groups().forEach((message, count) -> field(out, "", String.format("%,7d x %s", count, message)));
        field(out, "", String.format("during the measured phases and the drain: %,d WARN, %,d ERROR lines",
                loadLog.warnings(), loadLog.errors()));
        loadLog.groups().forEach((message, count) -> field(out, "", String.format("%,7d x %s", count, message)));
        out.println(rule);
    }

    private void printOutbox(PrintStream out) {
        long writtenInWindow = relay.expectedAtMeasureEnd() - relay.expectedAtMeasureStart();
        long receivedInWindow = relay.receivedAtMeasureEnd() - relay.receivedAtMeasureStart();
        field(out, "Outbox", String.format("%,d events written over warm-up and measured phase: %,d statement items and %,d"
                + " usage notices (one each per approval), %,d usage-confirmation SMS (per suspected-fraud decline)",
                relay.expectedTotal(), relay.approvals(), relay.approvals(), relay.usageConfirmations()));
        if (!relay.enabled()) {
            field(out, "", String.format("relay off: the receivers got %,d; every event stays undelivered in the outbox table",
                    relay.receivedAfterDrain()));
            return;
        }
        field(out, "", String.format("received by the end: %,d statement items, %,d usage notices, %,d usage-confirmation SMS",
                relay.statementEvents(), relay.usageEvents(), relay.confirmationEvents()));
        field(out, "", String.format(Locale.ROOT, "measured window: %,d written (%,.0f/s), %,d delivered (%,.0f/s);"
                + " undelivered at its start %,d, at its end %,d",
                writtenInWindow, writtenInWindow / authorize.seconds(), receivedInWindow, receivedInWindow / authorize.seconds(),
                relay.expectedAtMeasureStart() - relay.receivedAtMeasureStart(),
                relay.expectedAtMeasureEnd() - relay.receivedAtMeasureEnd()));
        long backlogAtEnd = relay.expectedTotal() - relay.receivedAtAuthorizeEnd();
        if (!Double.isNaN(relay.drainSeconds())) {
            field(out, "", String.format(Locale.ROOT, "after the load: %,d undelivered when it stopped; all %,d delivered %.1f s later",
                    backlogAtEnd, relay.expectedTotal(), relay.drainSeconds()));
        } else {
            long left = relay.expectedTotal() - relay.receivedAfterDrain();
            double rate = (relay.receivedAfterDrain() - relay.receivedAtAuthorizeEnd()) / (double) options.drainTimeout().toSeconds();
            field(out, "", String.format(Locale.ROOT, "after the load: %,d undelivered when it stopped; %,d still undelivered after"
                    + " waiting %s (%,.0f delivered/s meanwhile%s)", backlogAtEnd, left, seconds(options.drainTimeout()), rate,
                    rate > 0 ? String.format(Locale.ROOT, ", about %.0f s more to drain", left / rate) : ""));
        }
        field(out, "", String.format("receiver calls %,d (batches); repeated deliveries %,d; calls without a bearer token %,d;"
                + " card-control's client-credentials tokens: %,d issued, %,d refused", relay.receiverCalls(),
                relay.duplicateDeliveries(), relay.callsWithoutToken(),
                relay.clientTokensIssued(), relay.clientTokensRefused()));
    }

    /** Per-interval decisions/s and relay deliveries/s from the once-a-second monitor. */
    private void printTimeline(PrintStream out) {
        if (ticks.size() < 2) {
            return;
        }
        double totalSeconds = (ticks.get(ticks.size() - 1).nanoTime() - authorizeStart) / 1e9;
        int step = totalSeconds > 100 ? 10 : 5;
        double warmupEnd = options.warmup().toMillis() / 1e3;
        double measureEnd = warmupEnd + options.duration().toMillis() / 1e3;
        field(out, "Timeline", String.format("%-9s %-9s %12s %16s %13s", "seconds", "phase", "decisions/s", "delivered/s",
                "undelivered"));
        List<Bench.Tick> marks = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i += step) {
            marks.add(ticks.get(i));
        }
        if (marks.get(marks.size() - 1) != ticks.get(ticks.size() - 1)) {
            marks.add(ticks.get(ticks.size() - 1));
        }
        for (int i = 1; i < marks.size(); i++) {
            Bench.Tick a = marks.get(i - 1);
            Bench.Tick b = marks.get(i);
            double from = (a.nanoTime() - authorizeStart) / 1e9;
            double to = (b.nanoTime() - authorizeStart) / 1e9;
            double span = to - from;
            if (span < 0.5) {
                continue;
            }
            double middle = (from + to) / 2;
            String phase = middle < warmupEnd ? "warm-up" : middle < measureEnd ? "measured" : "after";
            field(out, "", String.format(Locale.ROOT, "%-9s %-9s %,12.0f %16s %,13d",
                    String.format(Locale.ROOT, "%.0f-%.0f", from, to), phase, (b.decisions() - a.decisions()) / span,
                    relay.enabled() ? String.format(Locale.ROOT, "%,.0f", (b.received() - a.received()) / span) : "(relay off)",
                    b.expected() - b.received()));
        }
        steadiness(out, warmupEnd, measureEnd);
    }

    /**
     * Compares the first and last third of the measured phase: a throughput that still climbs means the warm-up was
     * too short (JIT, pools) or the machine's load changed; either way the averages above hide it.
     */
    private void steadiness(PrintStream out, double warmupEnd, double measureEnd) {
        double third = (measureEnd - warmupEnd) / 3;
        double first = rateBetween(warmupEnd, warmupEnd + third);
        double last = rateBetween(measureEnd - third, measureEnd);
        if (Double.isNaN(first) || Double.isNaN(last) || Math.max(first, last) == 0) {
            return;
        }
        double change = (last - first) / first;
        if (Math.abs(change) > 0.15) {
            field(out, "", String.format(Locale.ROOT, "NOT STEADY: %,.0f decisions/s in the first third of the measured phase,"
                    + " %,.0f in the last (%+.0f%%): a longer --warmup, or a quieter machine, gives a fairer figure",
                    first, last, 100 * change));
        }
    }

    private double rateBetween(double fromSecond, double toSecond) {
        Bench.Tick a = null;
        Bench.Tick b = null;
        for (Bench.Tick t : ticks) {
            double at = (t.nanoTime() - authorizeStart) / 1e9;
            if (a == null && at >= fromSecond) {
                a = t;
            }
            if (at <= toSecond) {
                b = t;
            }
        }
        if (a == null || b == null || b.nanoTime() <= a.nanoTime()) {
            return Double.NaN;
        }
        return (b.decisions() - a.decisions()) / ((b.nanoTime() - a.nanoTime()) / 1e9);
    }

    static void row(PrintStream out, String label, LoadLoop.Result r) {
        out.printf(Locale.ROOT, "%-34s %,10d %,10.1f %,7d %8.2f %8.2f %8.2f %8.2f %8.2f%n", label, r.calls(), r.callsPerSecond(),
                r.errorCalls(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
                r.percentileMillis(99.9), r.maxMillis());
    }

    static void field(PrintStream out, String name, String value) {
        out.printf("%-13s %s%n", name, value);
    }

    static String tally(Map<String, Long> counts, long total) {
        if (counts.isEmpty()) {
            return "none";
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> total > 0
                        ? String.format(Locale.ROOT, "%s %,d (%.2f%%)", e.getKey(), e.getValue(), 100.0 * e.getValue() / total)
                        : String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String decisions(Map<String, Long> outcomes, long total) {
        long approved = outcomes.getOrDefault("APPROVED", 0L);
        Map<String, Long> declined = new LinkedHashMap<>();
        Map<String, Long> other = new LinkedHashMap<>();
        outcomes.forEach((k, v) -> {
            if (k.startsWith("DECLINED ")) {
                declined.put(k.substring("DECLINED ".length()), v);
            } else if (!k.equals("APPROVED")) {
                other.put(k, v);
            }
        });
        long declinedTotal = declined.values().stream().mapToLong(Long::longValue).sum();
        String text = String.format(Locale.ROOT, "approved %,d (%.2f%%); declined %,d (%.2f%%)%s",
                approved, total == 0 ? 0 : 100.0 * approved / total, declinedTotal, total == 0 ? 0 : 100.0 * declinedTotal / total,
                declined.isEmpty() ? "" : ": " + tally(declined, 0));
        return other.isEmpty() ? text : text + "; other " + tally(other, 0);
    }

    /** When the measured build was packaged: runs are compared across changes to card-control. */
    static String packagedAt(Path jar) {
        try {
            return Files.getLastModifiedTime(jar).toInstant().atZone(ZoneId.of("Asia/Tokyo"))
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));
        } catch (IOException e) {
            return "at an unknown time";
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
