package dev.anshin.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line of the bench; every option has a default, so a bare run is the reference run of issue 3. */
record Options(
        String mode,
        int cards,
        int concurrency,
        long rate,
        int connections,
        Duration warmup,
        Duration duration,
        Duration healthDuration,
        Duration deadline,
        Duration drainTimeout,
        boolean relay,
        long contractLimit,
        String dbHost,
        int dbPort,
        String dbName,
        String dbUser,
        String dbPassword,
        Path root,
        Path cardControlJar,
        Path log,
        List<String> serviceJavaOptions,
        Path gatewayJar,
        String gatewayDbName,
        Path gatewayLog,
        List<String> gatewayJavaOptions,
        Path statementJar,
        String statementDbName,
        Path statementLog) {

    static final String AUTHORIZE = "authorize";
    static final String GATEWAY = "gateway";
    static final String NOTIFICATION = "notification";
    static final String DELIVERY_DRILL = "delivery-drill";
    static final String USAGE_LIST = "usage-list";

    static final String USAGE = """
            usage: ./anshin bench [options]     (or: java -jar bench/target/quarkus-app/quarkus-run.jar [options])

              --mode M               authorize: card-control's Authorize beside gRPC health       (authorize)
                                     gateway: members' GET /v1/cards through the packaged gateway
                                     beside its GET /q/health/live (defaults then: 32 in flight,
                                     1000 members, warm-up 30s)
                                     notification: usage notices through NotifyUsages into the packaged
                                     notification-service, out by SMTP into GreenMail (--rate: notices/s,
                                     500 when 0; --cards: members; warm-up 60s)
                                     delivery-drill: 1,000 notices queued, the service killed (SIGKILL)
                                     mid-delivery and started again; GreenMail must hold each once
                                     (./anshin drill delivery)
                                     usage-list: statement-service's ListTransactions of a member
                                     with 10,000 and one with 1,000,000 items, first page and a
                                     page 10,000 deep (defaults then: 4 in flight, warm-up 10s,
                                     20s measured per case)

              --cards N              numberless cards issued, one member each                     (1000)
              --concurrency C        calls in flight at any time (closed loop)                    (12)
              --rate R               Authorize in an open loop instead: R calls scheduled a second (0: closed loop)
                                     whatever the answers, timed from each call's scheduled time,
                                     sent by at most C threads at once
              --connections K        HTTP/2 connections the calls are spread over                 (2)
              --warmup D             unmeasured warm-up before each measured phase                (60s)
              --duration D           measured phase of AuthorizationService/Authorize             (30s)
              --health-duration D    measured phase of grpc.health.v1.Health/Check (the ceiling)  (10s)
              --deadline D           gRPC deadline of each call (a safety net; a miss is an error) (10s)
              --drain-timeout D      after the run, how long to wait for the outbox relay         (120s)
              --relay on|off         card-control's outbox relay (anshin.outbox.relay-enabled)    (on)
              --contract-limit YEN   contract limit of each member's account                     (1000000000)
              --db-host H --db-port P --db-name N --db-user U --db-password W
                                     MariaDB/MySQL of card-control   (ANSHIN_TEST_DB_* or 127.0.0.1 3306
                                     anshin_card_control_bench anshin_test anshin_test)
              --card-control-jar F   the packaged service   (card-control-service/target/quarkus-app/quarkus-run.jar)
              --service-java-opt X   one more JVM option or -Dkey=value for card-control (repeatable)
              --gateway-jar F        the packaged gateway (gateway mode)  (gateway/target/quarkus-app/quarkus-run.jar)
              --gateway-db-name N    the gateway's own database, must exist (gateway mode)   (anshin_gateway_bench)
              --gateway-java-opt X   one more JVM option or -Dkey=value for the gateway (repeatable)
              --statement-jar F      the packaged statement-service (usage-list mode)
                                     (statement-service/target/quarkus-app/quarkus-run.jar)
              --statement-db-name N  its database, must exist and be empty (usage-list mode)  (anshin_statement_bench)
              durations: 500ms, 10s, 2m
            """;

    static Options parse(String... args) {
        Path root = projectRoot();
        int cards = 1_000;
        String mode = AUTHORIZE;
        Integer concurrency = null;
        Duration warmup = null;
        long rate = 0;
        int connections = 2;
        Duration duration = Duration.ofSeconds(30);
        Duration healthDuration = Duration.ofSeconds(10);
        Duration deadline = Duration.ofSeconds(10);
        Duration drainTimeout = Duration.ofSeconds(120);
        boolean relay = true;
        long contractLimit = 1_000_000_000L;
        String dbHost = env("ANSHIN_TEST_DB_HOST", "127.0.0.1");
        int dbPort = Integer.parseInt(env("ANSHIN_TEST_DB_PORT", "3306"));
        String dbName = "anshin_card_control_bench";
        String dbUser = env("ANSHIN_TEST_DB_USER", "anshin_test");
        String dbPassword = env("ANSHIN_TEST_DB_PASSWORD", "anshin_test");
        Path jar = root.resolve(Path.of("card-control-service", "target", "quarkus-app", "quarkus-run.jar"));
        List<String> javaOptions = new ArrayList<>();
        Path gatewayJar = root.resolve(Path.of("gateway", "target", "quarkus-app", "quarkus-run.jar"));
        String gatewayDbName = "anshin_gateway_bench";
        List<String> gatewayJavaOptions = new ArrayList<>();
        Path statementJar = root.resolve(Path.of("statement-service", "target", "quarkus-app", "quarkus-run.jar"));
        String statementDbName = "anshin_statement_bench";

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--mode" -> mode = switch (value.toLowerCase(Locale.ROOT)) {
                    case AUTHORIZE -> AUTHORIZE;
                    case GATEWAY -> GATEWAY;
                    case NOTIFICATION -> NOTIFICATION;
                    case DELIVERY_DRILL -> DELIVERY_DRILL;
                    case USAGE_LIST -> USAGE_LIST;
                    default -> throw new UsageException(
                            "--mode is authorize, gateway, notification, delivery-drill or usage-list, not " + value);
                };
                case "--cards" -> cards = positive(arg, value);
                case "--concurrency" -> concurrency = positive(arg, value);
                case "--rate" -> rate = value.equals("0") ? 0 : positiveLong(arg, value);
                case "--connections" -> connections = positive(arg, value);
                case "--warmup" -> warmup = duration(arg, value, true);
                case "--duration" -> duration = duration(arg, value, false);
                case "--health-duration" -> healthDuration = duration(arg, value, false);
                case "--deadline" -> deadline = duration(arg, value, false);
                case "--drain-timeout" -> drainTimeout = duration(arg, value, true);
                case "--relay" -> relay = switch (value.toLowerCase(Locale.ROOT)) {
                    case "on", "true" -> true;
                    case "off", "false" -> false;
                    default -> throw new UsageException("--relay is on or off, not " + value);
                };
                case "--contract-limit" -> contractLimit = positiveLong(arg, value);
                case "--db-host" -> dbHost = value;
                case "--db-port" -> dbPort = positive(arg, value);
                case "--db-name" -> dbName = value;
                case "--db-user" -> dbUser = value;
                case "--db-password" -> dbPassword = value;
                case "--card-control-jar" -> jar = Path.of(value);
                case "--service-java-opt" -> javaOptions.add(value);
                case "--gateway-jar" -> gatewayJar = Path.of(value);
                case "--gateway-db-name" -> gatewayDbName = value;
                case "--gateway-java-opt" -> gatewayJavaOptions.add(value);
                case "--statement-jar" -> statementJar = Path.of(value);
                case "--statement-db-name" -> statementDbName = value;
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        boolean gateway = mode.equals(GATEWAY);
        // Gateway mode: the load point (wrk -c32 on ./anshin up), and a shorter warm-up (no outbox to fill).
        // Usage-list mode: four cases of one read each; a few in flight, as members' apps reading one list would be.
        boolean usageList = mode.equals(USAGE_LIST);
        if (usageList && !explicit(args, "--duration")) {
            duration = Duration.ofSeconds(20);
        }
        concurrency = concurrency != null ? concurrency : gateway ? 32 : usageList ? 4 : 12;
        warmup = warmup != null ? warmup
                : Duration.ofSeconds(gateway ? 30 : usageList ? 10 : 60);
        if (!dbName.matches("[A-Za-z0-9_]+") || !gatewayDbName.matches("[A-Za-z0-9_]+")
                || !statementDbName.matches("[A-Za-z0-9_]+")) {
            throw new UsageException("--db-name must be letters, digits and _");
        }
        Path log = root.resolve(Path.of("bench", "target", "card-control-bench.log"));
        Path gatewayLog = root.resolve(Path.of("bench", "target", "gateway-bench.log"));
        return new Options(mode, cards, concurrency, rate, Math.min(connections, concurrency), warmup, duration, healthDuration,
                deadline, drainTimeout, relay, contractLimit, dbHost, dbPort, dbName, dbUser, dbPassword, root,
                jar.toAbsolutePath().normalize(), log.toAbsolutePath().normalize(), List.copyOf(javaOptions),
                gatewayJar.toAbsolutePath().normalize(), gatewayDbName, gatewayLog.toAbsolutePath().normalize(),
                List.copyOf(gatewayJavaOptions), statementJar.toAbsolutePath().normalize(), statementDbName,
                root.resolve(Path.of("bench", "target", "statement-bench.log")).toAbsolutePath().normalize());
    }

    private static boolean explicit(String[] args, String option) {
        for (String arg : args) {
            if (arg.equals(option) || arg.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    boolean usageListMode() {
        return mode.equals(USAGE_LIST);
    }

    String statementJdbcUrl() {
        return "jdbc:mysql://" + dbHost + ":" + dbPort + "/" + statementDbName;
    }

    boolean gatewayMode() {
        return mode.equals(GATEWAY);
    }

    String gatewayJdbcUrl() {
        return "jdbc:mysql://" + dbHost + ":" + dbPort + "/" + gatewayDbName;
    }

    String jdbcUrl() {
        return "jdbc:mysql://" + dbHost + ":" + dbPort + "/" + dbName;
    }

    /** The repository root, whether the bench is started from there (./anshin bench) or from bench/. */
    private static Path projectRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("card-control-service")) && Files.isDirectory(p.resolve("bench"))) {
                return p;
            }
        }
        return cwd;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int positive(String option, String value) {
        long n = positiveLong(option, value);
        if (n > Integer.MAX_VALUE) {
            throw new UsageException(option + " is too large: " + value);
        }
        return (int) n;
    }

    private static long positiveLong(String option, String value) {
        try {
            long n = Long.parseLong(value.replace("_", "").replace(",", ""));
            if (n <= 0) {
                throw new UsageException(option + " must be a positive number, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, not " + value);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    private static Duration duration(String option, String value, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException(option + " takes a duration like 500ms, 10s or 2m, not " + value);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() && !zeroAllowed) {
            throw new UsageException(option + " must be longer than zero");
        }
        return d;
    }

    /** A bad command line: the message (if any) and the usage are printed, and the command exits with 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
