package dev.tusk.bench.bulk;

import dev.tusk.bench.OtherCpu;
import dev.tusk.bench.bulk.LoadTable.Fingerprint;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads the same rows with every method in alternating rounds (the order rotates each round, so drift over the run
 * favours nobody), recreating and checkpointing the table before each load and checking it after.
 */
public final class CopyInBenchmark {

    private final Loaders loaders;
    private final Connection setup;
    private final PrintStream out;
    private Fingerprint reference;
    private double lastCpuPerRow;
    private double lastServerCpuPerRow;
    private double lastOtherCpuPercent;
    private final OtherCpu meter;
    private final boolean serverKnown;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * A comparison that loads through {@code loaders} and checks through {@code setup}; {@code serverProcesses} lists
     * the server's processes (empty when unknown) so that its CPU per row can be shown beside the client's.
     */
    public CopyInBenchmark(Loaders loaders, Connection setup, Supplier<List<Long>> serverProcesses, PrintStream out) {
        this.loaders = loaders;
        // This JVM counts as the benchmark's own too, so that "other processes" means only work outside the run.
        long self = ProcessHandle.current().pid();
        this.meter = new OtherCpu(() -> java.util.stream.Stream.concat(serverProcesses.get().stream(),
                java.util.stream.Stream.of(self)).toList());
        this.serverKnown = !serverProcesses.get().isEmpty();
        this.setup = setup;
        this.out = out;
    }

    /** Runs one warm-up load per method, then {@code rounds} measured rounds, and prints the tables. */
    public CopyInResult run(List<LoadMethod> wanted, long rows, int rounds, boolean warmUp, Path binaryFile) throws Exception {
        PersonData data = new PersonData(rows);
        Map<LoadMethod, String> skipped = new LinkedHashMap<>();
        List<LoadMethod> methods = new ArrayList<>(wanted);
        if (methods.contains(LoadMethod.PSQL_BINARY) && loaders.psqlUnavailable() != null) {
            skipped.put(LoadMethod.PSQL_BINARY, loaders.psqlUnavailable());
            methods.remove(LoadMethod.PSQL_BINARY);
            out.println("skipping psql-binary: " + loaders.psqlUnavailable());
        }
        // psql reads a file of exactly these rows: load them once with Tusk, check them, and write the file.
        if (methods.contains(LoadMethod.PSQL_BINARY)) {
            runOnce(LoadMethod.TUSK, data);
            loaders.writeBinaryFile(binaryFile);
            out.println("wrote " + Stats.count(rows) + " rows in binary COPY format to " + binaryFile + " for psql");
        }
        if (warmUp) {
            for (LoadMethod method : methods) {
                double rate = runOnce(method, data);
                out.println("warm-up: " + method.label() + " " + Stats.count(rate) + " rows/s");
            }
        }
        generationOnly(data);
        List<List<LoadMethod>> orders = new ArrayList<>();
        Map<LoadMethod, List<Double>> serverCpu = new LinkedHashMap<>();
        Map<LoadMethod, List<Double>> rates = new LinkedHashMap<>();
        Map<LoadMethod, List<Double>> cpu = new LinkedHashMap<>();
        methods.forEach(method -> rates.put(method, new ArrayList<>()));
        methods.stream().filter(method -> method != LoadMethod.PSQL_BINARY).forEach(method -> cpu.put(method, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            List<LoadMethod> order = new ArrayList<>(methods);
            java.util.Collections.rotate(order, -round);
            orders.add(order);
            for (LoadMethod method : order) {
                double rate = runOnce(method, data);
                rates.get(method).add(rate);
                if (cpu.containsKey(method)) {
                    cpu.get(method).add(lastCpuPerRow);
                }
                serverCpu.computeIfAbsent(method, m -> new ArrayList<>()).add(lastServerCpuPerRow);
                out.println("round " + (round + 1) + " of " + rounds + ": " + method.label() + " ... "
                        + Stats.count(rate) + " rows/s (client CPU " + Stats.count(lastCpuPerRow) + " ns/row, server CPU "
                        + (Double.isNaN(lastServerCpuPerRow) ? "n/a" : Stats.count(lastServerCpuPerRow) + " ns/row")
                        + String.format(java.util.Locale.ROOT, ", other processes %.1f%% CPU)", lastOtherCpuPercent));
            }
        }
        CopyInResult result = new CopyInResult(rows, methods, orders, rates, cpu, skipped);
        print(result);
        serverCpu.forEach((method, values) -> {
            List<Double> known = values.stream().filter(v -> !v.isNaN()).toList();
            if (!known.isEmpty()) {
                out.println("median server CPU per row, " + method.label() + ": " + Stats.count(Stats.median(known)) + " ns");
            }
        });
        return result;
    }

    /** One timed load into a fresh table, checked afterwards; returns rows/s. */
    private double runOnce(LoadMethod method, PersonData data) throws Exception {
        LoadTable.recreate(setup, LoadTable.NAME, true);
        OtherCpu.Sample before = meter.sample();
        long cpuBefore = OS.getProcessCpuTime();
        long started = System.nanoTime();
        long loaded = loaders.load(method, data);
        long nanos = System.nanoTime() - started;
        long clientCpu = OS.getProcessCpuTime() - cpuBefore;
        lastCpuPerRow = clientCpu / (double) data.rows();
        OtherCpu.Sample after = meter.sample();
        // Ticks are 10 ms; the JVM's own share is taken out to leave the server's.
        long serverTicks = OtherCpu.ownTicksBetween(before, after) - Math.round(clientCpu / 10_000_000.0);
        // psql's backend exits with psql, before the second sample, so its server CPU cannot be counted.
        lastServerCpuPerRow = serverKnown && method != LoadMethod.PSQL_BINARY && serverTicks >= 0
                ? serverTicks * 10_000_000.0 / data.rows() : Double.NaN;
        lastOtherCpuPercent = OtherCpu.percentBetween(before, after);
        verify(method, data, loaded);
        return Stats.rate(data.rows(), nanos);
    }

    /** Times generating the rows alone, the share of every Java method's time that is not loading. */
    private void generationOnly(PersonData data) {
        long sink = 0;
        long started = System.nanoTime();
        for (Person person : data) {
            sink += person.name().length() + person.email().length() + person.createdAt().getSecond();
        }
        long nanos = System.nanoTime() - started;
        out.println("generating the " + Stats.count(data.rows()) + " rows alone: " + Stats.count(Stats.rate(data.rows(), nanos))
                + " rows/s, " + Stats.count(nanos / (double) data.rows()) + " ns/row (checksum " + sink + ")");
    }

    private void verify(LoadMethod method, PersonData data, long loaded) throws Exception {
        Fingerprint found = LoadTable.fingerprint(setup, LoadTable.NAME);
        if (loaded != data.rows() || !found.matches(data)) {
            throw new IllegalStateException(method.label() + " loaded " + found.rows() + " rows (reported " + loaded
                    + ", id sum " + found.idSum() + "), expected " + data.rows() + " (id sum " + data.idSum() + ")");
        }
        if (reference == null) {
            reference = found;
        } else if (found.hash() != reference.hash()) {
            throw new IllegalStateException(method.label() + " loaded different values: hash " + found.hash()
                    + ", while the first load gave " + reference.hash());
        }
    }

    private void print(CopyInResult result) {
        double psql = result.median(LoadMethod.PSQL_BINARY);
        double bulk = result.median(LoadMethod.PGBULKINSERT);
        double csv = result.median(LoadMethod.COPYMANAGER_CSV);
        out.println();
        out.println("COPY in, " + Stats.count(result.rows()) + " rows, medians of " + result.orders().size() + " rounds:");
        out.println("| method | median rows/s | vs \\copy binary | vs PgBulkInsert | vs CopyManager CSV | client CPU ns/row |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (LoadMethod method : result.methods()) {
            double median = result.median(method);
            out.println("| " + method.label() + " | " + Stats.count(median) + " | " + Stats.ratio(median, psql) + " | "
                    + Stats.ratio(median, bulk) + " | " + Stats.ratio(median, csv) + " | "
                    + (result.cpu().containsKey(method) ? Stats.count(result.medianCpu(method)) : "n/a (own process)") + " |");
        }
        out.println();
        StringBuilder header = new StringBuilder("| round | order |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (LoadMethod method : result.methods()) {
            header.append(' ').append(method.label()).append(" |");
            rule.append("---:|");
        }
        out.println(header);
        out.println(rule);
        for (int round = 0; round < result.orders().size(); round++) {
            StringBuilder line = new StringBuilder("| " + (round + 1) + " | "
                    + String.join(", ", result.orders().get(round).stream().map(LoadMethod::label).toList()) + " |");
            for (LoadMethod method : result.methods()) {
                line.append(' ').append(Stats.count(result.rates().get(method).get(round))).append(" |");
            }
            out.println(line);
        }
        result.skipped().forEach((method, reason) -> out.println("not run: " + method.label() + " (" + reason + ")"));
    }
}
