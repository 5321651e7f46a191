package dev.anshin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The packaged card-control-service (its production jar, profile prod) as its own process on a free port of 127.0.0.1,
 * configured the way an operator would: MySQL protocol database, the bench's issuer for both incoming tokens and its
 * own client credentials, the receivers as statement-service and notification-service, fresh card-number keys. The
 * only departures from production are for the bench's sake and printed in the report: relaxed fraud rules (so
 * approvals, the expensive path, dominate), and the MariaDB version check off (MariaDB reports "5.5.5" to
 * mysql-connector-j).
 */
final class CardControlProcess extends ServiceProcess {

    static final String CLIENT_ID = "card-control";
    static final String KEY_ID = "bench-1";
    /** BINs for every brand the bench issues. */
    static final List<String> BINS = List.of("visa=498765", "mastercard=545454", "jcb=356999", "amex=379999");
    /**
     * Fraud rules so that approvals, the expensive path, dominate: amount thresholds far above anything the bench
     * sends; the velocity rule on with its production count (5) over a window short enough that a bench card, used
     * about three times a second, sees in it about as many approvals as a card of a real issuer sees in ten minutes.
     * The velocity count then reads at most 5 approvals per card, as in production, where approvals beyond the limit
     * are declined. (Until session 5 the rule was turned off with a limit of 1,000,000; the count then read every
     * approval the bench had made on the card, over a hundred per card by the end of a run.)
     */
    static final List<String> RELAXED_FRAUD_RULES = List.of(
            "anshin.authorization.fraud.velocity-max-approvals=5",
            "anshin.authorization.fraud.velocity-window=PT0.5S",
            "anshin.authorization.fraud.amount-threshold=100000000",
            "anshin.authorization.fraud.online-overseas-amount-threshold=100000000");

    private CardControlProcess(List<String> command, int port, Path log) throws IOException {
        super("card-control-service", command, port, log);
    }

    static CardControlProcess start(Options options, String issuer, String clientSecret, int receiverPort) throws IOException {
        if (!Files.isRegularFile(options.cardControlJar())) {
            throw new IllegalStateException(options.cardControlJar() + " is missing: build it first "
                    + "(./anshin bench does: ./mvnw -Pbench -DskipTests package -pl proto,card-control-service,bench -am)");
        }
        int port = freePort();
        List<String> own = new ArrayList<>(clientCredentials(issuer, CLIENT_ID, clientSecret));
        own.addAll(List.of(
                // Fresh throw-away keys each run: the bench's cards live only in its own database.
                "anshin.card-numbers.active-key-id=" + KEY_ID,
                "anshin.card-numbers.encryption-keys." + KEY_ID + "=" + randomKey(),
                "anshin.card-numbers.lookup-key=" + randomKey(),
                "anshin.card-numbers.security-code-key=" + randomKey(),
                "anshin.three-ds.authentication-value.active-key-id=" + KEY_ID,
                "anshin.three-ds.authentication-value.keys." + KEY_ID + "=" + randomKey(),
                "anshin.three-ds.authentication-code.active-key-id=" + KEY_ID,
                "anshin.three-ds.authentication-code.keys." + KEY_ID + "=" + randomKey(),
                "quarkus.grpc.clients.statement.host=127.0.0.1",
                "quarkus.grpc.clients.statement.port=" + receiverPort,
                "quarkus.grpc.clients.notification.host=127.0.0.1",
                "quarkus.grpc.clients.notification.port=" + receiverPort,
                "anshin.outbox.relay-enabled=" + options.relay()));
        BINS.forEach(bin -> own.add("anshin.card-numbers.bins." + bin));
        own.addAll(RELAXED_FRAUD_RULES);
        List<String> command = command(options, port, issuer, options.jdbcUrl(), own, options.serviceJavaOptions(),
                options.cardControlJar());
        return new CardControlProcess(command, port, options.log());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
