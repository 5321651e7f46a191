package dev.anshin.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.anshin.api.common.v1.PageRequest;
import dev.anshin.api.statement.v1.ListTransactionsRequest;
import dev.anshin.api.statement.v1.ListTransactionsResponse;
import dev.anshin.api.statement.v1.StatementServiceGrpc;
import dev.anshin.api.statement.v1.Transaction;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * {@code --mode usage-list}: the recent-usage list (statement-service's ListTransactions, behind
 * {@code GET /v1/transactions}) of one member with {@value #SMALL} items and of one with {@value #LARGE}, each read at
 * its first page and at a page {@value #DEEP} items deep. Issue 17's goal: p99 with a million items at most 1.5 times
 * p99 with ten thousand, and a deep page costing the same as the first.
 *
 * <p>The packaged statement-service (profile prod, MariaDB) with the bench's issuer; the items written into its table
 * directly (see {@link UsageRows} for why and how); the member's own token (role member, audience statement-service);
 * pages of {@value #PAGE_SIZE}, the service's default, as the app asks. The deep page's token is reached as a client
 * reaches it, by following next_page_token from the first page (pages of 100, the maximum); then only the request for
 * that one page is timed, over and over. The four cases run one after the other, sizes alternating, so a change of the
 * machine's other load falls on both sizes alike.
 */
final class UsageListBench {

    static final int SMALL = 10_000;
    static final int LARGE = 1_000_000;
    static final int PAGE_SIZE = 20;
    /** The deep page holds items DEEP - PAGE_SIZE + 1 .. DEEP: the last page of the small member's list. */
    static final int DEEP = 10_000;
    static final double TARGET_RATIO = 1.5;

    private final Options options;
    private final long startedAt = System.nanoTime();

    UsageListBench(Options options) {
        this.options = options;
    }

    /** One member's list and the two pages measured of it. */
    private record Member(String id, int items, ListTransactionsRequest first, ListTransactionsRequest deep,
            Instant deepAfterUsedAt, String deepAfterId, double walkSeconds) {
    }

    private record Case(String label, Member member, boolean deep, LoadLoop.Result result) {
    }

    void run() throws Exception {
        Report.Machine machine = Report.Machine.now();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        progress("starting the bench's OpenID Connect issuer and statement-service (" + options.statementJdbcUrl() + ", log "
                + options.root().relativize(options.statementLog()) + ")");
        try (BenchIssuer issuer = BenchIssuer.start(StatementProcess.CLIENT_ID, HexFormat.of().formatHex(secret),
                Duration.ofHours(12));
                StatementProcess statement = StatementProcess.start(options, issuer.issuer(), HexFormat.of().formatHex(secret))) {
            Duration startup = statement.awaitReady(Duration.ofSeconds(180));
            progress(String.format("statement-service ready after %.1f s (Flyway has made its tables)", startup.toMillis() / 1e3));

            String small = "member-" + UUID.randomUUID();
            String large = "member-" + UUID.randomUUID();
            Instant newest = Instant.now().minusSeconds(600);
            long loadStart = System.nanoTime();
            try (Connection db = UsageRows.connect(options)) {
                UsageRows.load(db, small, 1, SMALL, card("VISA", "8124"), card("JCB", "5031"), newest);
                progress(String.format("wrote %,d items of one member in %.1f s", SMALL, (System.nanoTime() - loadStart) / 1e9));
                UsageRows.load(db, large, 2, LARGE, card("VISA", "3907"), card("MASTERCARD", "6642"), newest);
                UsageRows.analyze(db);
            } catch (SQLException e) {
                throw new IllegalStateException("writing the items into " + options.statementJdbcUrl() + ": " + e.getMessage(), e);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            progress(String.format("wrote %,d items of another member; %.1f s in all, with ANALYZE TABLE", LARGE, loadSeconds));

            List<ManagedChannel> channels = new ArrayList<>();
            for (int i = 0; i < options.connections(); i++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", statement.port()).usePlaintext().build());
            }
            try {
                measure(machine, issuer, channels, small, large, loadSeconds);
            } finally {
                channels.forEach(ManagedChannel::shutdownNow);
            }
            progress("stopping statement-service");
        }
    }

    private static UsageRows.Card card(String brand, String last4) {
        return new UsageRows.Card(UUID.randomUUID().toString(), brand, last4);
    }

    private void measure(Report.Machine machine, BenchIssuer issuer, List<ManagedChannel> channels, String small, String large,
            double loadSeconds) throws Exception {
        Member smallMember = prepare(issuer, channels.get(0), small, SMALL);
        Member largeMember = prepare(issuer, channels.get(0), large, LARGE);
        List<String> firstPlan;
        List<String> deepPlan;
        try (Connection db = UsageRows.connect(options)) {
            firstPlan = UsageRows.plan(db, large, null, null);
            deepPlan = UsageRows.plan(db, large, largeMember.deepAfterUsedAt(), largeMember.deepAfterId());
        }

        List<Case> cases = new ArrayList<>();
        for (boolean deep : new boolean[] {false, true}) {
            for (Member member : List.of(smallMember, largeMember)) {
                String label = String.format(Locale.ROOT, "%s items, %s", member.items() == SMALL ? "10k" : "1M",
                        deep ? "page at 10,000" : "first page");
                List<StatementServiceGrpc.StatementServiceBlockingStub> stubs = new ArrayList<>();
                String token = issuer.token(List.of("statement-service"), member.id(), "member");
                for (ManagedChannel channel : channels) {
                    stubs.add(StatementServiceGrpc.newBlockingStub(channel).withInterceptors(Bearer.of(token)));
                }
                ListTransactionsRequest request = deep ? member.deep() : member.first();
                progress(String.format("%s: %d s warm-up, then %d s measured, %d in flight", label,
                        options.warmup().toSeconds(), options.duration().toSeconds(), options.concurrency()));
                LoadLoop.Result result = LoadLoop.closed(label, options.concurrency(), options.warmup(), options.duration(),
                        new LoadLoop.Call<ListTransactionsRequest>() {
                            @Override
                            public ListTransactionsRequest prepare(int worker, long sequence) {
                                return request;
                            }

                            @Override
                            public String send(int worker, ListTransactionsRequest r) {
                                ListTransactionsResponse response = stubs.get(worker % stubs.size())
                                        .withDeadlineAfter(options.deadline().toMillis(), TimeUnit.MILLISECONDS)
                                        .listTransactions(r);
                                return response.getTransactionsCount() == PAGE_SIZE ? PAGE_SIZE + " items"
                                        : response.getTransactionsCount() + " items (NOT " + PAGE_SIZE + ")";
                            }
                        }, new LoadLoop.Hooks() {
                        });
                cases.add(new Case(label, member, deep, result));
            }
        }
        print(System.out, machine, Report.Machine.now(), loadSeconds, smallMember, largeMember, cases, firstPlan, deepPlan);
    }

    /**
     * Checks the member's first page and walks to the deep page as a client would: pages of 100 following
     * next_page_token until {@code DEEP - PAGE_SIZE} items are behind, then one shorter page to land exactly there.
     */
    private Member prepare(BenchIssuer issuer, ManagedChannel channel, String member, int items) {
        var stub = StatementServiceGrpc.newBlockingStub(channel)
                .withInterceptors(Bearer.of(issuer.token(List.of("statement-service"), member, "member")));
        ListTransactionsRequest first = ListTransactionsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(PAGE_SIZE)).build();
        List<Transaction> page = stub.listTransactions(first).getTransactionsList();
        if (page.size() != PAGE_SIZE) {
            throw new IllegalStateException("the first page of a member with " + items + " items holds " + page.size());
        }
        long walkStart = System.nanoTime();
        String token = "";
        int behind = 0;
        Transaction last = null;
        while (behind < DEEP - PAGE_SIZE) {
            int size = Math.min(100, DEEP - PAGE_SIZE - behind);
            ListTransactionsResponse response = stub.listTransactions(ListTransactionsRequest.newBuilder()
                    .setPage(PageRequest.newBuilder().setPageSize(size).setPageToken(token)).build());
            if (response.getTransactionsCount() != size || response.getPageInfo().getNextPageToken().isEmpty()) {
                throw new IllegalStateException("walking to the deep page: a page of " + response.getTransactionsCount()
                        + " items after " + behind);
            }
            behind += size;
            last = response.getTransactions(size - 1);
            token = response.getPageInfo().getNextPageToken();
        }
        double walkSeconds = (System.nanoTime() - walkStart) / 1e9;
        ListTransactionsRequest deep = ListTransactionsRequest.newBuilder()
                .setPage(PageRequest.newBuilder().setPageSize(PAGE_SIZE).setPageToken(token)).build();
        int deepCount = stub.listTransactions(deep).getTransactionsCount();
        if (deepCount != PAGE_SIZE) {
            throw new IllegalStateException("the page " + DEEP + " items deep holds " + deepCount);
        }
        progress(String.format("member with %,d items: first page checked; followed %d page tokens to item %,d in %.1f s",
                items, (DEEP - PAGE_SIZE + 99) / 100, DEEP - PAGE_SIZE, walkSeconds));
        Instant lastUsedAt = Instant.ofEpochSecond(last.getUsedAt().getSeconds(), last.getUsedAt().getNanos());
        return new Member(member, items, first, deep, lastUsedAt, last.getId(), walkSeconds);
    }

    private void print(PrintStream out, Report.Machine before, Report.Machine after, double loadSeconds, Member small,
            Member large, List<Case> cases, List<String> firstPlan, List<String> deepPlan) {
        String rule = "-".repeat(108);
        out.println();
        out.println("Anshin bench, usage-list mode: statement-service ListTransactions (GET /v1/transactions) of one member,"
                + " 10,000 and 1,000,000 items");
        out.println(rule);
        Report.field(out, "When", before.at().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")));
        Report.field(out, "Machine", String.format("%d cores, %s, %s", before.cores(), before.cpuModel(), before.os()));
        Report.field(out, "Load avg", "1/5/15 min: " + before.loadAverage() + " at start, " + after.loadAverage() + " at the end");
        Report.field(out, "JVM", before.jvm() + "; statement-service JVM options: "
                + (options.serviceJavaOptions().isEmpty() ? "none" : String.join(" ", options.serviceJavaOptions())));
        Report.field(out, "Service", String.format("%s (packaged %s), profile prod, %s; relay, expiry job and scheduled close off",
                options.root().relativize(options.statementJar()), Report.packagedAt(options.statementJar()),
                options.statementJdbcUrl()));
        Report.field(out, "Data", String.format(Locale.ROOT, "%,d + %,d items of two members written straight into"
                + " card_transaction (INSERT ... SELECT) in %.1f s: two cards each, a year of use, 12 pending, the"
                + " rest posted", SMALL, LARGE, loadSeconds));
        Report.field(out, "Requests", String.format("pages of %d with the member's own token; the deep page (items %,d-%,d)"
                + " by the next_page_token reached by following tokens (walk: %.1f s / %.1f s)", PAGE_SIZE, DEEP - PAGE_SIZE + 1,
                DEEP, small.walkSeconds(), large.walkSeconds()));
        Report.field(out, "Load", String.format("closed loop, %d calls in flight over %d HTTP/2 connection(s); warm-up %s per case,"
                + " excluded", options.concurrency(), options.connections(), Report.seconds(options.warmup())));
        out.println(rule);
        out.printf(Locale.ROOT, "%-34s %10s %10s %7s %8s %8s %8s %8s %8s%n",
                "", "calls", "calls/s", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        for (Case c : cases) {
            Report.row(out, String.format("%s (%.0f s)", c.label(), c.result().seconds()), c.result());
        }
        out.println(rule);
        double smallFirst = p99(cases, small, false);
        double smallDeep = p99(cases, small, true);
        double largeFirst = p99(cases, large, false);
        double largeDeep = p99(cases, large, true);
        boolean errors = cases.stream().anyMatch(c -> c.result().errorCalls() > 0
                || c.result().outcomes().keySet().stream().anyMatch(o -> o.contains("NOT")));
        boolean sizes = largeFirst <= TARGET_RATIO * smallFirst && largeDeep <= TARGET_RATIO * smallDeep;
        boolean depth = smallDeep <= TARGET_RATIO * smallFirst && largeDeep <= TARGET_RATIO * largeFirst;
        Report.field(out, "1M vs 10k", String.format(Locale.ROOT, "p99 first page %.2f / %.2f ms = %.2f; deep page %.2f / %.2f ms = %.2f",
                largeFirst, smallFirst, largeFirst / smallFirst, largeDeep, smallDeep, largeDeep / smallDeep));
        Report.field(out, "deep vs first", String.format(Locale.ROOT, "p99 at 10k %.2f / %.2f ms = %.2f; at 1M %.2f / %.2f ms = %.2f",
                smallDeep, smallFirst, smallDeep / smallFirst, largeDeep, largeFirst, largeDeep / largeFirst));
        Report.field(out, "Target", String.format(Locale.ROOT, "p99 at 1M at most %.1f x p99 at 10k, a deep page within %.1f x"
                + " the first: %s", TARGET_RATIO, TARGET_RATIO, sizes && depth && !errors ? "MET"
                : "NOT MET (" + (sizes ? "" : "sizes ") + (depth ? "" : "depth ") + (errors ? "errors" : "") + ")"));
        for (Case c : cases) {
            Report.field(out, "Outcomes", c.label() + ": " + Report.tally(c.result().outcomes(), c.result().okCalls())
                    + "; errors " + Report.tally(c.result().errors(), c.result().calls()));
        }
        firstPlan.forEach(line -> Report.field(out, "Plan", "1M, first page: " + line));
        deepPlan.forEach(line -> Report.field(out, "Plan", "1M, page at 10,000: " + line));
        out.println(rule);
    }

    private static double p99(List<Case> cases, Member member, boolean deep) {
        return cases.stream().filter(c -> c.member() == member && c.deep() == deep).findFirst().orElseThrow()
                .result().percentileMillis(99);
    }

    private void progress(String message) {
        System.err.printf("bench [%5.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    }
}
