package dev.anshin.bench;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/** {@code java -jar bench/target/quarkus-app/quarkus-run.jar [options]}; see README.md and {@link Options#USAGE}. */
@QuarkusMain
public class BenchMain implements QuarkusApplication {

    @Override
    public int run(String... args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            return e.getMessage() == null ? 0 : 2;
        }
        try {
            if (options.usageListMode()) {
                new UsageListBench(options).run();
            } else if (options.gatewayMode()) {
                new GatewayBench(options).run();
            } else if (options.mode().equals(Options.NOTIFICATION)) {
                new NotificationBench(options).run();
            } else if (options.mode().equals(Options.DELIVERY_DRILL)) {
                return new DeliveryDrill(options).run() ? 0 : 1;
            } else {
                new Bench(options).run();
            }
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        }
    }
}
