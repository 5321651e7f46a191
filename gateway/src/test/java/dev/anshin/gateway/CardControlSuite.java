package dev.anshin.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The suite the gateway talks to in tests, for real: a test OpenID Connect server (quarkus-test-oidc-server), and the
 * packaged card-control-service, statement-service, notification-service and consent-service each running as its own process on a free
 * port ({@link ServiceProcess}), against MariaDB, trusting the same issuer. Started once for every test class (each names
 * this resource with {@code restrictToAnnotatedClass = false}). The reactor builds the services before the gateway, so
 * their jars are there when these tests run. Each has its own database ({@link Database#CARD_CONTROL},
 * {@link Database#STATEMENT}, {@link Database#NOTIFICATION}, {@link Database#CONSENT}), apart from the ones the services' own tests use. (The
 * name is older than the other services' place in it.)
 * <p>
 * All export their traces to one in-test collector ({@link #traces}), started first, as an operator would point the
 * suite at a collector: by the OTLP endpoint alone (here OTLP/HTTP, and exported every 100 ms rather than 5 s).
 * The services run in their prod profile, so their output ({@link #LOG}, {@link #STATEMENT_LOG}) is the JSON log
 * lines prod writes.
 */
public class CardControlSuite implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER = "https://server.example.com";
    /** The reactor's build; -Danshin.test.card-control-jar=... runs another build (e.g. while card-control is being rebuilt). */
    static final Path JAR = Path.of(System.getProperty("anshin.test.card-control-jar",
            Path.of("..", "card-control-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path LOG = Path.of("target", "card-control-service.log");
    /** The reactor's build of statement-service; -Danshin.test.statement-jar=... runs another. */
    static final Path STATEMENT_JAR = Path.of(System.getProperty("anshin.test.statement-jar",
            Path.of("..", "statement-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path STATEMENT_LOG = Path.of("target", "statement-service.log");
    /** The reactor's build of notification-service; -Danshin.test.notification-jar=... runs another. */
    static final Path NOTIFICATION_JAR = Path.of(System.getProperty("anshin.test.notification-jar",
            Path.of("..", "notification-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path NOTIFICATION_LOG = Path.of("target", "notification-service.log");
    /** The reactor's build of consent-service; -Danshin.test.consent-jar=... runs another. */
    static final Path CONSENT_JAR = Path.of(System.getProperty("anshin.test.consent-jar",
            Path.of("..", "consent-service", "target", "quarkus-app", "quarkus-run.jar").toString()));
    static final Path CONSENT_LOG = Path.of("target", "consent-service.log");

    /**
     * How long each service may take to become ready, four starting at once on two cores
     * ({@code -Danshin.test.ready-timeout-seconds=...} on a machine busier than that).
     */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("anshin.test.ready-timeout-seconds", 180));

    static volatile int cardControlPort;
    static volatile int statementPort;
    static volatile int notificationPort;
    static volatile int consentPort;
    /** The card-control and consent-service processes, for the tests of a service that stops answering. */
    static volatile ServiceProcess cardControlProcess;
    static volatile ServiceProcess consentProcess;
    /** The public half of the key consent-service signs receipts with in this run (a fresh key each run). */
    static volatile PublicKey consentReceiptKey;
    /** The collector every process exports its spans to. */
    static volatile OtlpReceiver traces;
    /** Where notification-service gets its own token. */
    private ServiceTokenEndpoint serviceTokens;

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();
    private final List<ServiceProcess> services = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(oidc.start());
        try {
            traces = new OtlpReceiver();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the in-test trace collector", e);
        }
        Map<String, String> tracing = Map.of(
                "quarkus.otel.exporter.otlp.endpoint", traces.endpoint(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "100ms");
        String issuer = config.get("keycloak.url") + "/realms/quarkus";

        List<String> cardControlProperties = common(issuer, Database.CARD_CONTROL, tracing);
        // Fresh keys each run: nothing in the tests depends on a particular key.
        cardControlProperties.addAll(List.of(
                "anshin.card-numbers.active-key-id=gateway-test",
                "anshin.card-numbers.encryption-keys.gateway-test=" + randomKey(),
                "anshin.card-numbers.lookup-key=" + randomKey(),
                "anshin.card-numbers.security-code-key=" + randomKey(),
                "anshin.card-numbers.bins.visa=498765",
                "anshin.card-numbers.bins.jcb=356999",
                "anshin.three-ds.authentication-value.active-key-id=gateway-test",
                "anshin.three-ds.authentication-value.keys.gateway-test=" + randomKey(),
                "anshin.three-ds.authentication-code.active-key-id=gateway-test",
                "anshin.three-ds.authentication-code.keys.gateway-test=" + randomKey()));
        List<String> statementProperties = common(issuer, Database.STATEMENT, tracing);
        // The tests record purchases of weeks ago; the hourly expiry job would expire them while the suite runs.
        statementProperties.add("anshin.statement.authorization-expiry.every=off");
        // Tests close the cycles they need themselves (CloseCycle), never the job on the 11th.
        statementProperties.add("anshin.statement.cycle-close.cron=off");
        Database.createIfMissing(Database.STATEMENT);
        List<String> notificationProperties = common(issuer, Database.NOTIFICATION, tracing);
        // The routes' tests read preferences and history; no SMTP server runs here, so nothing is delivered.
        notificationProperties.add("anshin.delivery.relay-enabled=false");
        // Members' answers reach card-control through notification's follow-up outbox, with notification's own token.
        try {
            serviceTokens = new ServiceTokenEndpoint();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the in-test token endpoint", e);
        }
        notificationProperties.add("quarkus.oidc-client.auth-server-url=" + serviceTokens.url());
        notificationProperties.add("quarkus.oidc-client.token-path=/token");
        notificationProperties.add("quarkus.oidc-client.credentials.secret=suite");
        notificationProperties.add("anshin.follow-up.poll-interval=200ms");
        Database.createIfMissing(Database.NOTIFICATION);
        List<String> consentProperties = common(issuer, Database.CONSENT, tracing);
        // prod does not start without a receipt-signing key: a fresh one each run, as an operator's secret store gives it.
        KeyPair receiptKey = rsaKeyPair();
        consentReceiptKey = receiptKey.getPublic();
        consentProperties.addAll(List.of(
                "anshin.consent.receipts.signing-key=" + Base64.getEncoder().encodeToString(receiptKey.getPrivate().getEncoded()),
                "anshin.consent.receipts.key-id=gateway-test"));
        Database.createIfMissing(Database.CONSENT);

        // All start at once (about half the wait on two cores), and are awaited in turn.
        ServiceProcess cardControl;
        ServiceProcess statement;
        ServiceProcess notification;
        ServiceProcess consent;
        try {
            cardControl = ServiceProcess.start("card-control-service", JAR, LOG, cardControlProperties);
            services.add(cardControl);
            notificationProperties.add("quarkus.grpc.clients.card-control.host=127.0.0.1");
            notificationProperties.add("quarkus.grpc.clients.card-control.port=" + cardControl.port);
            notification = ServiceProcess.start("notification-service", NOTIFICATION_JAR, NOTIFICATION_LOG,
                    notificationProperties);
            services.add(notification);
            // statement-service's outbox relay dials the card-control and notification processes of this run. The test
            // issuer gives it no usable client-credentials token, so its events wait, retried, as card-control's
            // relay's do here; no test of this suite depends on their delivery (each service's tests prove it).
            statementProperties.addAll(List.of(
                    "quarkus.grpc.clients.card-control.host=127.0.0.1",
                    "quarkus.grpc.clients.card-control.port=" + cardControl.port,
                    "quarkus.grpc.clients.notification.host=127.0.0.1",
                    "quarkus.grpc.clients.notification.port=" + notification.port));
            statement = ServiceProcess.start("statement-service", STATEMENT_JAR, STATEMENT_LOG, statementProperties);
            services.add(statement);
            // A disclosure's export is gathered from the card-control, notification and statement processes of this
            // run, with consent-service's own token (role privacy-export) from the in-test token endpoint.
            consentProperties.addAll(List.of(
                    "quarkus.oidc-client.auth-server-url=" + serviceTokens.url() + "/consent",
                    "quarkus.oidc-client.token-path=/token",
                    "quarkus.oidc-client.credentials.secret=suite",
                    "quarkus.grpc.clients.card-control.host=127.0.0.1",
                    "quarkus.grpc.clients.card-control.port=" + cardControl.port,
                    "quarkus.grpc.clients.notification.host=127.0.0.1",
                    "quarkus.grpc.clients.notification.port=" + notification.port,
                    "quarkus.grpc.clients.statement.host=127.0.0.1",
                    "quarkus.grpc.clients.statement.port=" + statement.port));
            consent = ServiceProcess.start("consent-service", CONSENT_JAR, CONSENT_LOG, consentProperties);
            services.add(consent);
            cardControl.awaitReady(READY_TIMEOUT);
            statement.awaitReady(READY_TIMEOUT);
            notification.awaitReady(READY_TIMEOUT);
            consent.awaitReady(READY_TIMEOUT);
        } catch (RuntimeException failed) {
            stop();
            throw failed;
        }

        cardControlPort = cardControl.port;
        statementPort = statement.port;
        notificationPort = notification.port;
        consentPort = consent.port;
        cardControlProcess = cardControl;
        consentProcess = consent;
        clientOf(config, "card-control", cardControl.port);
        clientOf(config, "statement", statement.port);
        clientOf(config, "notification", notification.port);
        clientOf(config, "consent", consent.port);
        config.putAll(tracing);
        return config;
    }

    @Override
    public void stop() {
        services.forEach(ServiceProcess::close);
        oidc.stop();
        if (serviceTokens != null) {
            serviceTokens.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    /** What every service of the suite is started with: the test issuer, its MariaDB database, the collector. */
    private static List<String> common(String issuer, String database, Map<String, String> tracing) {
        List<String> properties = new ArrayList<>(List.of(
                "quarkus.oidc.auth-server-url=" + issuer,
                "quarkus.oidc.token.issuer=" + ISSUER,
                "quarkus.datasource.jdbc.url=" + Database.url(database),
                "quarkus.datasource.username=" + Database.user(),
                "quarkus.datasource.password=" + Database.password(),
                "quarkus.hibernate-orm.database.version-check.enabled=false",
                // Four services start at once on a loaded machine: the default 5 s wait for a first connection was
                // seen to time out (and the service to exit) while the others were starting.
                "quarkus.datasource.jdbc.acquisition-timeout=30S"));
        tracing.forEach((key, value) -> properties.add(key + "=" + value));
        return properties;
    }

    /** The gateway's gRPC client of that name dials the service started here. */
    private static void clientOf(Map<String, String> config, String client, int port) {
        config.put("quarkus.grpc.clients." + client + ".host", "127.0.0.1");
        config.put("quarkus.grpc.clients." + client + ".port", Integer.toString(port));
        // In test mode a gRPC client dials its test-port (default 9001), not its port.
        config.put("quarkus.grpc.clients." + client + ".test-port", Integer.toString(port));
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
