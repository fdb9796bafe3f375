package dev.tusk.bench.pointselect;

import dev.tusk.config.TuskConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code pgbench -S -M prepared} (C, libpq) as a reference client in the same rounds, on the same server and
 * data; it reports throughput and mean latency only, since its percentiles need per-transaction logs.
 */
public final class PgbenchReference {

    private static final Pattern TRANSACTIONS = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private final String executable;
    private final TuskConfig config;
    private final int clients;
    private final int threads;

    /** A reference running {@code executable} with {@code clients} connections against {@code config}'s database. */
    public PgbenchReference(String executable, TuskConfig config, int clients, int accounts) {
        if (accounts % PointSelectOptions.ACCOUNTS_PER_SCALE != 0) {
            // pgbench derives its aid range from the branch count, so it would query accounts that do not exist.
            throw new IllegalArgumentException("--pgbench needs a whole pgbench scale (accounts a multiple of "
                    + PointSelectOptions.ACCOUNTS_PER_SCALE + "), but accounts was " + accounts);
        }
        this.executable = executable;
        this.config = config;
        this.clients = clients;
        this.threads = Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
    }

    /** The command line, without the password, for the report. */
    public String commandLine(Duration duration) {
        return String.join(" ", command(duration));
    }

    /** Runs pgbench for {@code duration}, rounded up to whole seconds as pgbench needs. */
    public RoundResult run(int round, Duration duration) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(duration)).redirectErrorStream(true);
        if (config.password() != null) {
            builder.environment().put("PGPASSWORD", config.password());
        }
        builder.environment().put("PGAPPNAME", "tusk-bench-pgbench");
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(wholeSeconds(duration) + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pgbench did not finish in time; its output:\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("pgbench exited with " + process.exitValue() + "; its output:\n" + output);
        }
        long transactions = Long.parseLong(find(TRANSACTIONS, output));
        double tps = Double.parseDouble(find(TPS, output));
        double latencyMillis = Double.parseDouble(find(LATENCY, output));
        return new RoundResult("pgbench", round, transactions, transactions / tps, Double.NaN, Double.NaN,
                latencyMillis * 1_000, Double.NaN, Double.NaN, Double.NaN);
    }

    private List<String> command(Duration duration) {
        List<String> command = new ArrayList<>(List.of(executable, "-n", "-S", "-M", "prepared",
                "-c", String.valueOf(clients), "-j", String.valueOf(threads), "-T", String.valueOf(wholeSeconds(duration)),
                "-h", config.host(), "-p", String.valueOf(config.port()), "-U", config.user(), config.database()));
        return command;
    }

    private static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static String find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench output has no line matching " + pattern + ":\n" + output);
        }
        return matcher.group(1);
    }
}
