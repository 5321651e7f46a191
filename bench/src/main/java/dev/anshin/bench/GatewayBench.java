package dev.anshin.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

/**
 * {@code --mode gateway}: the read path every member route copies, measured end to end. The packaged gateway and
 * card-control (both profile prod, MariaDB), the bench's issuer for both; N members with one card each; then, in one
 * run, {@code GET /q/health/live} on the gateway (its ceiling: the same client, connections and concurrency against a
 * route that does almost nothing) and {@code GET /v1/cards} with each member's own bearer token, one persistent
 * HTTP/1.1 connection per load thread. The report gives reads/s, p50/p99, the ratio to the ceiling, and the CPU each
 * process spent per read.
 */
final class GatewayBench {

    /** The Foundations issue's target: reads at 15 % of the liveness ceiling or more, p99 at most 25 ms, at 32 in flight. */
    static final double TARGET_RATIO = 0.15;
    static final double TARGET_P99_MILLIS = 25;
    /** The liveness ceiling warms up for at most this long: it has little to warm. */
    static final Duration HEALTH_WARMUP = Duration.ofSeconds(10);

    private final Options options;
    private final long startedAt = System.nanoTime();

    GatewayBench(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Report.Machine machine = Report.Machine.now();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String clientSecret = HexFormat.of().formatHex(secret);
        progress("starting the bench's OpenID Connect issuer and the statement/notification receivers");
        try (BenchIssuer issuer = BenchIssuer.start(CardControlProcess.CLIENT_ID, clientSecret, Duration.ofHours(12));
                Receivers receivers = Receivers.start();
                CardControlProcess cardControl = CardControlProcess.start(options, issuer.issuer(), clientSecret, receivers.port());
                GatewayProcess gateway = GatewayProcess.start(options, issuer.issuer(), cardControl.port())) {
            progress("started card-control (" + options.jdbcUrl() + ", log " + options.root().relativize(options.log())
                    + ") and the gateway (" + options.gatewayJdbcUrl() + ", log " + options.root().relativize(options.gatewayLog()) + ")");
            Duration cardControlStartup = cardControl.awaitReady(Duration.ofSeconds(180));
            Duration gatewayStartup = gateway.awaitReady(Duration.ofSeconds(180));
            progress(String.format("card-control ready after %.1f s, the gateway after %.1f s", cardControlStartup.toMillis() / 1e3,
                    gatewayStartup.toMillis() / 1e3));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", cardControl.port()).usePlaintext().build();
            try {
                measure(machine, issuer, channel, cardControl, gateway);
            } finally {
                channel.shutdownNow();
            }
            progress("stopping the gateway and card-control");
        }
    }

    private void measure(Report.Machine machine, BenchIssuer issuer, ManagedChannel channel, CardControlProcess cardControl,
            GatewayProcess gateway) throws Exception {
        long setupStart = System.nanoTime();
        Fleet.Issued issued = Fleet.issue(channel, issuer, options.cards(), options.contractLimit());
        List<Fleet.CardDetails> fleet = issued.cards();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        progress(String.format("issued %d numberless cards, one member each, in %.1f s", fleet.size(), setupSeconds));

        // Each member's own token, as the mobile client's: minted for the gateway and the services it forwards to.
        String host = "127.0.0.1";
        int port = gateway.port();
        byte[][] reads = new byte[fleet.size()][];
        String[] cardIds = new String[fleet.size()];
        for (int i = 0; i < fleet.size(); i++) {
            Fleet.CardDetails card = fleet.get(i);
            String token = issuer.token(List.of("gateway", "card-control-service"), card.memberId(), "member");
            reads[i] = Http1Connection.get(host, port, "/v1/cards", "Authorization: Bearer " + token + "\r\n");
            cardIds[i] = card.cardId();
        }
        byte[] live = Http1Connection.get(host, port, "/q/health/live", "");

        long gatewayLogAtLoad = Report.LogSummary.lineCount(options.gatewayLog());
        long cardControlLogAtLoad = Report.LogSummary.lineCount(options.log());
        CpuMeter cpu = new CpuMeter(cardControl.handle(), gateway.handle());
        int c = options.concurrency();

        Duration healthWarmup = options.warmup().compareTo(HEALTH_WARMUP) < 0 ? options.warmup() : HEALTH_WARMUP;
        progress(String.format("GET /q/health/live: %d s warm-up, then %d s measured, %d in flight (one connection each)",
                healthWarmup.toSeconds(), options.healthDuration().toSeconds(), c));
        Http1Connection[] healthConnections = connections(host, port, c);
        Bench.CpuWindow healthCpu = new Bench.CpuWindow(cpu);
        LoadLoop.Result health;
        try {
            health = LoadLoop.closed("live", c, healthWarmup, options.healthDuration(), new LoadLoop.Call<byte[]>() {
                @Override
                public byte[] prepare(int worker, long sequence) {
                    return live;
                }

                @Override
                public String send(int worker, byte[] request) {
                    Http1Connection.Response response = healthConnections[worker].send(request);
                    check(response);
                    return response.text().contains("\"UP\"") ? "UP" : "200, not UP";
                }
            }, healthCpu);
        } finally {
            closeAll(healthConnections);
        }

        progress(String.format("GET /v1/cards: %d s warm-up, then %d s measured, %d in flight (one connection each), %d members",
                options.warmup().toSeconds(), options.duration().toSeconds(), c, fleet.size()));
        Http1Connection[] readConnections = connections(host, port, c);
        SplittableRandom seeds = new SplittableRandom();
        SplittableRandom[] randoms = new SplittableRandom[c];
        for (int w = 0; w < c; w++) {
            randoms[w] = seeds.split();
        }
        int[] member = new int[c];
        Bench.CpuWindow readCpu = new Bench.CpuWindow(cpu);
        LoadLoop.Result read;
        try {
            read = LoadLoop.closed("read", c, options.warmup(), options.duration(), new LoadLoop.Call<byte[]>() {
                @Override
                public byte[] prepare(int worker, long sequence) {
                    member[worker] = randoms[worker].nextInt(reads.length);
                    return reads[member[worker]];
                }

                @Override
                public String send(int worker, byte[] request) {
                    Http1Connection.Response response = readConnections[worker].send(request);
                    check(response);
                    return response.text().contains(cardIds[member[worker]]) ? "200, the member's card" : "200 WITHOUT the member's card";
                }
            }, readCpu);
        } finally {
            closeAll(readConnections);
        }

        print(System.out, machine, Report.Machine.now(), fleet.size(), setupSeconds, healthWarmup, health, healthCpu.usage(), read,
                readCpu.usage(), cpu.databaseFound(),
                Report.LogSummary.read(options.gatewayLog(), gatewayLogAtLoad, Report.LogSummary.lineCount(options.gatewayLog())),
                Report.LogSummary.read(options.log(), cardControlLogAtLoad, Report.LogSummary.lineCount(options.log())));
    }

    /** A response other than 200 is an error, tallied under the gRPC code that means the same. */
    private static void check(Http1Connection.Response response) {
        if (response.status() == 200) {
            return;
        }
        Status status = switch (response.status()) {
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> Status.UNKNOWN;
        };
        throw new StatusRuntimeException(status.withDescription("HTTP " + response.status()));
    }

    private static Http1Connection[] connections(String host, int port, int count) {
        Http1Connection[] connections = new Http1Connection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = new Http1Connection(host, port);
        }
        return connections;
    }

    private static void closeAll(Http1Connection[] connections) {
        for (Http1Connection connection : connections) {
            connection.close();
        }
    }

    private void print(PrintStream out, Report.Machine before, Report.Machine after, int members, double setupSeconds,
            Duration healthWarmup, LoadLoop.Result health, CpuMeter.Usage healthCpu, LoadLoop.Result read, CpuMeter.Usage readCpu,
            boolean databaseMeasured, Report.LogSummary gatewayLog, Report.LogSummary cardControlLog) {
        String rule = "-".repeat(108);
        out.println();
        out.println("Anshin bench, gateway mode: members' GET /v1/cards through the gateway and card-control, with the gateway's"
                + " GET /q/health/live as the ceiling");
        out.println(rule);
        Report.field(out, "When", before.at().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        Report.field(out, "Machine", String.format("%d cores, %s, %s", before.cores(), before.cpuModel(), before.os()));
        Report.field(out, "Load avg", "1/5/15 min: " + before.loadAverage() + " at start, " + after.loadAverage() + " at the end");
        Report.field(out, "JVM", before.jvm() + "; gateway JVM options: " + (options.gatewayJavaOptions().isEmpty() ? "none"
                : String.join(" ", options.gatewayJavaOptions())) + "; card-control JVM options: "
                + (options.serviceJavaOptions().isEmpty() ? "none" : String.join(" ", options.serviceJavaOptions())));
        Report.field(out, "Gateway", String.format("%s (packaged %s), profile prod, its database %s",
                options.root().relativize(options.gatewayJar()), Report.packagedAt(options.gatewayJar()), options.gatewayJdbcUrl()));
        Report.field(out, "Card-control", String.format("%s (packaged %s), profile prod, %s",
                options.root().relativize(options.cardControlJar()), Report.packagedAt(options.cardControlJar()), options.jdbcUrl()));
        Report.field(out, "Members", String.format("%,d, one numberless card each, issued in %.1f s; each read with the member's own"
                + " token (RS256, aud gateway and card-control-service), a member drawn uniformly per call", members, setupSeconds));
        Report.field(out, "Load", String.format("closed loop, %d requests in flight, one persistent HTTP/1.1 connection each;"
                + " warm-up %s (liveness) and %s (reads), excluded", options.concurrency(), Report.seconds(healthWarmup),
                Report.seconds(options.warmup())));
        out.println(rule);
        out.printf(Locale.ROOT, "%-34s %10s %10s %7s %8s %8s %8s %8s %8s%n",
                "", "calls", "calls/s", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        Report.row(out, String.format("GET /q/health/live, ceiling (%.0f s)", health.seconds()), health);
        Report.row(out, String.format("GET /v1/cards, reads (%.0f s)", read.seconds()), read);
        out.println(rule);
        double ratio = read.okPerSecond() / health.okPerSecond();
        boolean met = ratio >= TARGET_RATIO && read.percentileMillis(99) <= TARGET_P99_MILLIS && read.errorCalls() == 0;
        Report.field(out, "Ratio", String.format(Locale.ROOT, "reads/s ÷ liveness/s = %,.0f ÷ %,.0f = %.3f", read.okPerSecond(),
                health.okPerSecond(), ratio));
        Report.field(out, "Target", String.format(Locale.ROOT, "reads at least %.2f of the ceiling, p99 at most %.0f ms: %s"
                + " (%.3f, p99 %.2f ms, %s)", TARGET_RATIO, TARGET_P99_MILLIS, met ? "MET" : "NOT MET", ratio,
                read.percentileMillis(99), read.errorCalls() == 0 ? "no errors" : read.errorCalls() + " errors"));
        Report.field(out, "Errors", "liveness " + Report.tally(health.errors(), health.calls()) + "; reads "
                + Report.tally(read.errors(), read.calls()) + "   (warm-up: liveness " + Report.tally(health.warmupErrors(), 0)
                + ", reads " + Report.tally(read.warmupErrors(), 0) + ")");
        Report.field(out, "Outcomes", "liveness " + Report.tally(health.outcomes(), health.okCalls()) + "; reads "
                + Report.tally(read.outcomes(), read.okCalls()));
        Report.field(out, "CPU", "liveness window: " + CpuMeter.describe(healthCpu));
        Report.field(out, "", "reads window:    " + CpuMeter.describe(readCpu));
        if (health.okCalls() > 0) {
            double per = healthCpu.seconds() * 1e3 / health.okCalls();
            Report.field(out, "", String.format(Locale.ROOT, "per liveness call: gateway %.3f ms CPU, bench client %.3f ms",
                    healthCpu.gateway() * per, healthCpu.client() * per));
        }
        if (read.okCalls() > 0) {
            double per = readCpu.seconds() * 1e3 / read.okCalls();
            Report.field(out, "", String.format(Locale.ROOT, "per read: gateway %.3f ms CPU, card-control %.3f ms%s, bench client %.3f ms",
                    readCpu.gateway() * per, readCpu.cardControl() * per,
                    databaseMeasured ? String.format(Locale.ROOT, ", MariaDB %.3f ms", readCpu.database() * per) : "",
                    readCpu.client() * per));
        }
        Report.field(out, "Logs", String.format("during the load: gateway %,d WARN, %,d ERROR lines; card-control %,d WARN, %,d ERROR",
                gatewayLog.warnings(), gatewayLog.errors(), cardControlLog.warnings(), cardControlLog.errors()));
        gatewayLog.groups().forEach((message, count) -> Report.field(out, "", String.format("gateway %,7d x %s", count, message)));
        cardControlLog.groups().forEach((message, count) -> Report.field(out, "", String.format("card-control %,7d x %s", count, message)));
        out.println(rule);
    }

    private void progress(String message) {
        System.err.printf("bench [%5.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    }
}
