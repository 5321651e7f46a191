package dev.anshin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the machine's CPU went during a measured phase: card-control, the database server, this client, and
 * everything else (other people's builds on a shared machine). Linux only (/proc/stat); elsewhere the report says so.
 * Process times come from {@link ProcessHandle}, the machine's from /proc/stat (busy = all but idle and iowait).
 */
final class CpuMeter {

    /** CPU seconds used so far; a component that cannot be read is NaN. */
    record Snapshot(long nanoTime, double cardControl, double gateway, double database, double client, double machineBusy,
            double machineTotal) {
    }

    /** Average cores in use over an interval; {@code gateway} is NaN when the run has no gateway. */
    record Usage(double seconds, int cores, double cardControl, double gateway, double database, double client, double others,
            double idle) {
    }

    /** /proc/stat counts in USER_HZ ticks, 100 per second on every Linux the bench runs on. */
    private static final double USER_HZ = 100.0;

    private final ProcessHandle cardControl;
    private final Optional<ProcessHandle> gateway;
    private final Optional<ProcessHandle> database;
    private final int cores = Runtime.getRuntime().availableProcessors();

    CpuMeter(ProcessHandle cardControl) {
        this(cardControl, null);
    }

    /** With the gateway's process too ({@code --mode gateway}). */
    CpuMeter(ProcessHandle cardControl, ProcessHandle gateway) {
        this.cardControl = cardControl;
        this.gateway = Optional.ofNullable(gateway);
        this.database = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false))
                .findFirst();
    }

    boolean databaseFound() {
        return database.isPresent();
    }

    Snapshot snapshot() {
        double[] machine = machine();
        return new Snapshot(System.nanoTime(), cpu(Optional.of(cardControl)), gateway.isPresent() ? cpu(gateway) : Double.NaN, cpu(database),
                cpu(Optional.of(ProcessHandle.current())), machine[0], machine[1]);
    }

    Usage between(Snapshot from, Snapshot to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        double cc = (to.cardControl() - from.cardControl()) / seconds;
        double gw = (to.gateway() - from.gateway()) / seconds;
        double db = (to.database() - from.database()) / seconds;
        double client = (to.client() - from.client()) / seconds;
        double busy = (to.machineBusy() - from.machineBusy()) / seconds;
        double total = (to.machineTotal() - from.machineTotal()) / seconds;
        double ours = cc + (Double.isNaN(gw) ? 0 : gw) + (Double.isNaN(db) ? 0 : db) + client;
        return new Usage(seconds, cores, cc, gw, db, client, Math.max(0, busy - ours), Math.max(0, total - busy));
    }

    private static double cpu(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** [busy, total] CPU seconds of the whole machine since boot, from the first line of /proc/stat. */
    private static double[] machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new double[] { (total - idle) / USER_HZ, total / USER_HZ };
        } catch (IOException | RuntimeException e) {
            return new double[] { Double.NaN, Double.NaN };
        }
    }


    static String describe(Usage u) {
        if (Double.isNaN(u.others())) {
            return String.format("card-control %.2f, bench client %.2f cores (machine totals unavailable: not Linux)",
                    u.cardControl(), u.client());
        }
        return String.format((Double.isNaN(u.gateway()) ? "" : String.format("gateway %.2f · ", u.gateway()))
                + "card-control %.2f · MariaDB (whole server) %s · bench client %.2f · other processes %.2f · idle %.2f  (cores, of %d)",
                u.cardControl(), Double.isNaN(u.database()) ? "n/a" : String.format("%.2f", u.database()), u.client(),
                u.others(), u.idle(), u.cores());
    }
}
