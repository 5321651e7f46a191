package dev.anshin.bench;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * {@code ./anshin drill delivery} ({@code --mode delivery-drill}): issue 18's crash proof. 1,000 usage notices are
 * queued through {@code NotifyUsages} as card-control's relay sends them (two calls of 500), the packaged
 * notification-service is killed with SIGKILL while its relay is sending them (after a random 15–85 % reached the SMTP
 * server), started again on the same port (the same instance), and the drill waits until every notice has arrived.
 * GreenMail must then hold exactly 1,000 messages, each Message-ID once. A loss is a bug. A message twice can only be
 * one the service handed to the SMTP server and had not yet recorded as sent when it died (at-least-once delivery: no
 * SMTP server can drop a repeat); the report names them.
 */
final class DeliveryDrill {

    static final int NOTICES = 1_000;
    static final int PER_CALL = 500;
    /** Longer than the delivery claim lease (2 min): even claims a restart did not free would have come back by then. */
    static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration QUEUE_DEADLINE = Duration.ofSeconds(120);

    private final Options options;
    private final long startedAt = System.nanoTime();

    DeliveryDrill(Options options) {
        this.options = options;
    }

    /** Runs the drill; true when GreenMail holds exactly 1,000 messages, none twice. */
    boolean run() throws Exception {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String clientSecret = HexFormat.of().formatHex(secret);
        int port = ServiceProcess.freePort();
        try (BenchIssuer issuer = BenchIssuer.start(NotificationProcess.CLIENT_ID, clientSecret, Duration.ofHours(1));
                MailSink mail = MailSink.start(NOTICES)) {
            boolean[] acknowledged = new boolean[NOTICES / PER_CALL];
            NotificationLoad load;
            int killedAt;
            long killedNanos;
            try (NotificationProcess first = NotificationProcess.start(options, issuer.issuer(), clientSecret, mail.port(), port,
                    NotificationProcess.log(options, "notification-drill-1.log"))) {
                Duration startup = first.awaitReady(Duration.ofSeconds(180));
                progress(String.format("notification-service ready on port %d after %.1f s (%s, SMTP 127.0.0.1:%d)", port,
                        startup.toMillis() / 1e3, options.jdbcUrl(), mail.port()));
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                try {
                    load = NotificationLoad.prepare(channel, issuer, Math.min(options.cards(), 100), deadline());
                    int killAfter = NOTICES * ThreadLocalRandom.current().nextInt(15, 86) / 100;
                    progress(String.format("queueing %,d usage notices for %d members in calls of %d; SIGKILL once %d e-mails arrived",
                            NOTICES, load.members(), PER_CALL, killAfter));
                    // The calls go on while the relay sends: a kill may cut one, as it would card-control's relay's.
                    NotificationLoad firstLoad = load;
                    Thread queue = new Thread(() -> queue(firstLoad, acknowledged), "drill-queue");
                    queue.start();
                    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                    while (mail.messages() < killAfter && System.nanoTime() < waitUntil) {
                        Thread.onSpinWait();
                    }
                    first.handle().destroyForcibly(); // SIGKILL: no shutdown hook, no last record
                    killedNanos = System.nanoTime();
                    killedAt = (int) mail.messages();
                    first.handle().onExit().get(30, TimeUnit.SECONDS);
                    queue.join(TimeUnit.SECONDS.toMillis(30));
                } finally {
                    channel.shutdownNow();
                }
            }
            int afterKill = (int) mail.messages();
            int cut = 0;
            for (boolean a : acknowledged) {
                cut += a ? 0 : 1;
            }
            progress(String.format("killed with %d e-mails in GreenMail (%d once the process was gone), %d call(s) of %d not"
                    + " acknowledged; starting it again on port %d", killedAt, afterKill, cut, PER_CALL, port));
            if (afterKill >= NOTICES) {
                throw new IllegalStateException("every notice was delivered before the kill: not a mid-delivery crash; run it again");
            }
            double recoverySeconds;
            try (NotificationProcess second = NotificationProcess.start(options, issuer.issuer(), clientSecret, mail.port(), port,
                    NotificationProcess.log(options, "notification-drill-2.log"))) {
                Duration startup = second.awaitReady(Duration.ofSeconds(180));
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                try {
                    if (cut > 0) {
                        // As card-control's relay does: a call not acknowledged is sent again, whole.
                        progress(String.format("ready again after %.1f s; sending the %d call(s) the kill cut again",
                                startup.toMillis() / 1e3, cut));
                        queue(load.reconnect(channel, issuer), acknowledged);
                    }
                } finally {
                    channel.shutdownNow();
                }
                progress("waiting for the rest");
                long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
                while (mail.distinctNotices() < NOTICES && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                recoverySeconds = (System.nanoTime() - killedNanos) / 1e9;
                Thread.sleep(3_000); // a repeat arriving late is still counted
            }
            return print(System.out, killedAt, afterKill, recoverySeconds, mail);
        }
    }

    /** Sends every call not yet acknowledged, in order; stops at the first that fails (the service was killed). */
    private static void queue(NotificationLoad load, boolean[] acknowledged) {
        for (int call = 0; call < acknowledged.length; call++) {
            if (acknowledged[call]) {
                continue;
            }
            try {
                int ok = load.send(call * PER_CALL, (call + 1) * PER_CALL);
                if (ok != PER_CALL) {
                    throw new IllegalStateException("only " + ok + " of " + PER_CALL + " notices of a call were answered OK");
                }
                acknowledged[call] = true;
            } catch (io.grpc.StatusRuntimeException e) {
                return;
            }
        }
    }

    /** A call of 500 notices is 500 transactions: on a loaded machine that can take longer than 10 s. */
    private Duration deadline() {
        return options.deadline().compareTo(QUEUE_DEADLINE) > 0 ? options.deadline() : QUEUE_DEADLINE;
    }

    private boolean print(PrintStream out, int killedAt, int afterKill, double recoverySeconds, MailSink mail) {
        int held = mail.held();
        Map<String, Integer> repeated = mail.repeatedMessageIds();
        int missing = 0;
        int twice = 0;
        for (int n = 0; n < NOTICES; n++) {
            int copies = mail.copies(n);
            missing += copies == 0 ? 1 : 0;
            twice += copies > 1 ? 1 : 0;
        }
        boolean exact = held == NOTICES && mail.distinctMessageIds() == NOTICES && repeated.isEmpty() && missing == 0;
        String rule = "-".repeat(108);
        out.println();
        out.println("Anshin drill: notification-service killed with SIGKILL mid-delivery, started again");
        out.println(rule);
        Report.field(out, "Load avg", "1/5/15 min: " + Report.Machine.now().loadAverage());
        Report.field(out, "Service", String.format("%s (packaged %s), profile prod, %s",
                options.root().relativize(NotificationProcess.jar(options)), Report.packagedAt(NotificationProcess.jar(options)),
                options.jdbcUrl()));
        Report.field(out, "Queued", String.format("%,d usage notices, acknowledged (NotifyUsages, 2 calls of %d)", NOTICES, PER_CALL));
        Report.field(out, "Killed", String.format("SIGKILL with %,d e-mails in GreenMail (%,d once the process was gone)", killedAt, afterKill));
        Report.field(out, "Recovered", String.format(Locale.ROOT, "every notice in GreenMail %.1f s after the kill (restart included)",
                recoverySeconds));
        Report.field(out, "GreenMail", String.format("holds %,d messages, %,d distinct Message-IDs; notices missing: %,d; notices twice: %,d",
                held, mail.distinctMessageIds(), missing, twice));
        repeated.forEach((id, n) -> Report.field(out, "", String.format("%dx %s", n, id)));
        Report.field(out, "Verdict", exact ? "PASSED: exactly 1,000 messages, none twice"
                : missing > 0 ? "FAILED: " + missing + " notice(s) lost"
                : "FAILED: " + twice + " notice(s) twice, none lost: the at-least-once window (taken by the SMTP server,"
                        + " not yet recorded as sent when killed; the service log's \"freed N delivery claim(s)\" bounds it)");
        out.println(rule);
        return exact;
    }

    private void progress(String message) {
        System.err.printf("drill [%5.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, message);
    }
}
