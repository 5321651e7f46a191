package dev.anshin.bench;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import dev.anshin.api.cardcontrol.v1.AuthorizationServiceGrpc;
import dev.anshin.api.cardcontrol.v1.AuthorizeRequest;
import dev.anshin.api.cardcontrol.v1.AuthorizeResponse;
import dev.anshin.api.cardcontrol.v1.DeclineReason;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * One run: issuer and receivers up, card-control started, cards issued and revealed, the health check measured as the
 * ceiling, authorization decisions measured, the outbox relay given time to drain, the report printed, everything
 * stopped. Progress goes to stderr, the report to stdout.
 */
final class Bench {

    /** What the monitor saw each second of the authorization phase (and the drain after it). */
    record Tick(long nanoTime, long decisions, long received, long expected) {
    }

    /** The figures the report needs about the outbox relay. */
    record Relay(boolean enabled, long approvals, long usageConfirmations, long expectedTotal, long receivedAtMeasureStart, long expectedAtMeasureStart,
            long receivedAtMeasureEnd, long expectedAtMeasureEnd, long receivedAtAuthorizeEnd, long receivedAfterDrain,
            double drainSeconds, long receiverCalls, long duplicateDeliveries, long callsWithoutToken, long clientTokensIssued,
            long clientTokensRefused, long statementEvents, long usageEvents, long confirmationEvents) {
    }

    private final Options options;
    private final long startedAt = System.nanoTime();

    Bench(Options options) {
        this.options = options;
    }

    void run() throws Exception {
        Report.Machine machine = Report.Machine.now();
        String clientSecret = randomHex(16);
        progress("starting the bench's OpenID Connect issuer and the statement/notification receivers");
        try (BenchIssuer issuer = BenchIssuer.start(CardControlProcess.CLIENT_ID, clientSecret, Duration.ofHours(12));
                Receivers receivers = Receivers.start()) {
            progress("starting " + options.root().relativize(options.cardControlJar()) + " against " + options.jdbcUrl()
                    + " (outbox relay " + (options.relay() ? "on" : "off") + "); its log: "
                    + options.root().relativize(options.log()));
            try (CardControlProcess cardControl = CardControlProcess.start(options, issuer.issuer(), clientSecret, receivers.port())) {
                Duration startup = cardControl.awaitReady(Duration.ofSeconds(180));
                progress(String.format("card-control ready on 127.0.0.1:%d after %.1f s", cardControl.port(), startup.toMillis() / 1e3));
                List<ManagedChannel> channels = new ArrayList<>();
                for (int i = 0; i < options.connections(); i++) {
                    channels.add(NettyChannelBuilder.forAddress("127.0.0.1", cardControl.port()).usePlaintext().build());
                }
                try {
                    measure(machine, issuer, receivers, cardControl, channels, startup);
                } finally {
                    channels.forEach(ManagedChannel::shutdownNow);
                }
                progress("stopping card-control");
            }
        }
    }

    private void measure(Report.Machine machine, BenchIssuer issuer, Receivers receivers, CardControlProcess cardControl,
            List<ManagedChannel> channels, Duration startup) throws Exception {
        long setupStart = System.nanoTime();
        Fleet.Issued issued = Fleet.issue(channels.get(0), issuer, options.cards(), options.contractLimit());
        List<Fleet.CardDetails> fleet = issued.cards();
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        progress(String.format("issued %d numberless cards (one member each) and revealed each once in %.1f s%s",
                fleet.size(), setupSeconds, issued.abortedRetries() == 0 ? ""
                        : " (" + issued.abortedRetries() + " IssueCard calls answered ABORTED and were retried)"));
        long logLinesAtLoadStart = Report.LogSummary.lineCount(options.log());
        CpuMeter cpu = new CpuMeter(cardControl.handle());

        // The ceiling first, while the outbox is still empty and its relay idle.
        progress(String.format("grpc.health.v1.Health/Check: %d s warm-up, then %d s measured, %d in flight",
                options.warmup().toSeconds(), options.healthDuration().toSeconds(), options.concurrency()));
        HealthGrpc.HealthBlockingStub[] healthStubs = channels.stream().map(HealthGrpc::newBlockingStub)
                .toArray(HealthGrpc.HealthBlockingStub[]::new);
        HealthCheckRequest healthRequest = HealthCheckRequest.getDefaultInstance();
        CpuWindow healthCpu = new CpuWindow(cpu);
        LoadLoop.Result health = LoadLoop.closed("health", options.concurrency(), options.warmup(), options.healthDuration(),
                new LoadLoop.Call<HealthCheckRequest>() {
                    @Override
                    public HealthCheckRequest prepare(int worker, long sequence) {
                        return healthRequest;
                    }

                    @Override
                    public String send(int worker, HealthCheckRequest request) {
                        return healthStubs[worker % healthStubs.length]
                                .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS)
                                .check(request).getStatus().name();
                    }
                }, healthCpu);

        // Authorization decisions, as the card network asks for them.
        progress(String.format("AuthorizationService/Authorize: %d s warm-up, then %d s measured, %s",
                options.warmup().toSeconds(), options.duration().toSeconds(), options.rate() == 0
                        ? options.concurrency() + " in flight"
                        : String.format("%,d calls/s scheduled, at most %d in flight", options.rate(), options.concurrency())));
        String networkToken = issuer.token("card-network", "card-network");
        AuthorizationServiceGrpc.AuthorizationServiceBlockingStub[] authorizeStubs = channels.stream()
                .map(c -> AuthorizationServiceGrpc.newBlockingStub(c).withInterceptors(Bearer.of(networkToken)))
                .toArray(AuthorizationServiceGrpc.AuthorizationServiceBlockingStub[]::new);
        String runId = randomHex(4);
        SplittableRandom seeds = new SplittableRandom();
        SplittableRandom[] randoms = new SplittableRandom[options.concurrency()];
        for (int w = 0; w < randoms.length; w++) {
            randoms[w] = seeds.split();
        }
        LongAdder decisions = new LongAdder();
        LongAdder approvals = new LongAdder();
        LongAdder usageConfirmations = new LongAdder();

        // Each approval is two deliveries (statement item, usage notice; one outbox row since schema V4); a fraud
        // decline asks for one SMS. The receivers count what they got the same way.
        LongSupplier expectedEvents = () -> 2 * approvals.sum() + usageConfirmations.sum();
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-monitor");
            t.setDaemon(true);
            return t;
        });
        long authorizeStart = System.nanoTime();
        monitor.scheduleAtFixedRate(() -> ticks.add(new Tick(System.nanoTime(), decisions.sum(), receivers.events(),
                expectedEvents.getAsLong())), 0, 1, TimeUnit.SECONDS);

        AtomicReference<long[]> atMeasureStart = new AtomicReference<>();
        AtomicReference<long[]> atMeasureEnd = new AtomicReference<>();
        CpuWindow authorizeCpu = new CpuWindow(cpu) {
            @Override
            public void measureStarted() {
                super.measureStarted();
                atMeasureStart.set(new long[] { receivers.events(), expectedEvents.getAsLong() });
            }

            @Override
            public void measureEnded() {
                super.measureEnded();
                atMeasureEnd.set(new long[] { receivers.events(), expectedEvents.getAsLong() });
            }
        };
        LoadLoop.Call<AuthorizeRequest> authorizeCall = new LoadLoop.Call<>() {
            @Override
            public AuthorizeRequest prepare(int worker, long sequence) {
                SplittableRandom random = randoms[worker];
                Fleet.CardDetails card = fleet.get(random.nextInt(fleet.size()));
                return Purchases.next(random, card, "bench-" + runId + "-" + worker + "-" + sequence);
            }

            @Override
            public String send(int worker, AuthorizeRequest request) {
                AuthorizeResponse response = authorizeStubs[worker % authorizeStubs.length]
                        .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS)
                        .authorize(request);
                decisions.increment();
                return switch (response.getDecision()) {
                    case DECISION_APPROVED -> {
                        approvals.increment();
                        yield "APPROVED";
                    }
                    case DECISION_DECLINED -> {
                        if (response.getDeclineReason() == DeclineReason.DECLINE_REASON_SUSPECTED_FRAUD) {
                            usageConfirmations.increment();
                        }
                        yield "DECLINED " + response.getDeclineReason().name().replace("DECLINE_REASON_", "");
                    }
                    default -> "UNEXPECTED DECISION " + response.getDecision().name();
                };
            }
        };
        LoadLoop.Result authorize = options.rate() == 0
                ? LoadLoop.closed("authorize", options.concurrency(), options.warmup(), options.duration(), authorizeCall, authorizeCpu)
                : LoadLoop.open("authorize", options.rate(), options.concurrency(), options.warmup(), options.duration(),
                        authorizeCall, authorizeCpu);
        long receivedAtAuthorizeEnd = receivers.events();
        long expectedTotal = expectedEvents.getAsLong();

        // The relay keeps working after the load stops; how long it needs to catch up is part of the answer.
        double drainSeconds = Double.NaN;
        if (options.relay()) {
            progress(String.format("waiting up to %d s for the outbox relay: %,d of %,d events received so far",
                    options.drainTimeout().toSeconds(), receivedAtAuthorizeEnd, expectedTotal));
            long drainStart = System.nanoTime();
            long deadline = drainStart + options.drainTimeout().toNanos();
            while (receivers.events() < expectedTotal && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
            }
            if (receivers.events() >= expectedTotal) {
                drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            }
        }
        ticks.add(new Tick(System.nanoTime(), decisions.sum(), receivers.events(), expectedTotal));
        monitor.shutdownNow();
        long receivedAfterDrain = receivers.events();

        Relay relay = new Relay(options.relay(), approvals.sum(), usageConfirmations.sum(), expectedTotal, atMeasureStart.get()[0], atMeasureStart.get()[1],
                atMeasureEnd.get()[0], atMeasureEnd.get()[1], receivedAtAuthorizeEnd, receivedAfterDrain, drainSeconds,
                receivers.calls(), receivers.deliveries() - receivers.events(), receivers.callsWithoutToken(), issuer.clientTokensIssued(),
                issuer.clientTokensRefused(), receivers.statementEvents(), receivers.usageEvents(),
                receivers.confirmationEvents());
        long logLinesAtEnd = Report.LogSummary.lineCount(options.log());
        new Report(options, machine, Report.Machine.now(), startup, fleet.size(), issued.abortedRetries(), setupSeconds,
                health, healthCpu.usage(), authorize, authorizeCpu.usage(), relay, ticks, authorizeStart,
                Report.LogSummary.read(options.log(), 0, logLinesAtLoadStart),
                Report.LogSummary.read(options.log(), logLinesAtLoadStart, logLinesAtEnd), cpu.databaseFound())
                .print(System.out);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private void progress(String message) {
        System.err.printf("bench [%5.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    }

    /** CPU snapshots at a measured phase's boundaries. */
    static class CpuWindow implements LoadLoop.Hooks {
        private final CpuMeter meter;
        private CpuMeter.Snapshot start;
        private CpuMeter.Snapshot end;

        CpuWindow(CpuMeter meter) {
            this.meter = meter;
        }

        @Override
        public void measureStarted() {
            start = meter.snapshot();
        }

        @Override
        public void measureEnded() {
            end = meter.snapshot();
        }

        CpuMeter.Usage usage() {
            return meter.between(start, end);
        }
    }
}
