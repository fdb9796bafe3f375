package dev.tusk.bench.bulk;

import dev.tusk.bench.bulk.LoadTable.Fingerprint;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the same rows with every method in alternating rounds (the order rotates each round, so drift over the run
 * favours nobody), recreating and checkpointing the table before each load and checking it after.
 */
public final class CopyInBenchmark {

    private final Loaders loaders;
    private final Connection setup;
    private final PrintStream out;
    private Fingerprint reference;

    /** A comparison that loads through {@code loaders} and checks through {@code setup}. */
    public CopyInBenchmark(Loaders loaders, Connection setup, PrintStream out) {
        this.loaders = loaders;
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
        List<List<LoadMethod>> orders = new ArrayList<>();
        Map<LoadMethod, List<Double>> rates = new LinkedHashMap<>();
        methods.forEach(method -> rates.put(method, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            List<LoadMethod> order = new ArrayList<>(methods);
            java.util.Collections.rotate(order, -round);
            orders.add(order);
            for (LoadMethod method : order) {
                double rate = runOnce(method, data);
                rates.get(method).add(rate);
                out.println("round " + (round + 1) + " of " + rounds + ": " + method.label() + " ... "
                        + Stats.count(rate) + " rows/s");
            }
        }
        CopyInResult result = new CopyInResult(rows, methods, orders, rates, skipped);
        print(result);
        return result;
    }

    /** One timed load into a fresh table, checked afterwards; returns rows/s. */
    private double runOnce(LoadMethod method, PersonData data) throws Exception {
        LoadTable.recreate(setup, LoadTable.NAME, true);
        long started = System.nanoTime();
        long loaded = loaders.load(method, data);
        long nanos = System.nanoTime() - started;
        verify(method, data, loaded);
        return Stats.rate(data.rows(), nanos);
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
        out.println("| method | median rows/s | vs \\copy binary | vs PgBulkInsert | vs CopyManager CSV |");
        out.println("|---|---:|---:|---:|---:|");
        for (LoadMethod method : result.methods()) {
            double median = result.median(method);
            out.println("| " + method.label() + " | " + Stats.count(median) + " | " + Stats.ratio(median, psql) + " | "
                    + Stats.ratio(median, bulk) + " | " + Stats.ratio(median, csv) + " |");
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
