package dev.tusk.bench.bulk;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.bench.bulk.LoadTable.Fingerprint;
import dev.tusk.config.TuskConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Shows that Tusk's COPY in keeps the heap flat: a child JVM with a small {@code -Xmx} loads many lazily generated
 * rows while a sampler records the heap in use every 0.5 s and the heap left after the latest GC.
 */
public final class HeapCheck {

    /** The heap the child JVM gets: far less than the rows would take if anything held on to them. */
    public static final String CHILD_HEAP = "-Xmx256m";

    private static final long SAMPLE_MILLIS = 500;
    private static final String SUMMARY = "heap-summary ";

    private HeapCheck() {
    }

    /**
     * The child's summary.
     *
     * @param rows          rows loaded
     * @param seconds       how long the load took
     * @param samples       heap samples taken
     * @param minUsedMiB    least heap in use at a sample
     * @param maxUsedMiB    most heap in use at a sample
     * @param maxAfterGcMiB most heap left after a GC, across samples
     * @param gcs           collections during the load
     */
    public record Summary(long rows, double seconds, int samples, double minUsedMiB, double maxUsedMiB,
                          double maxAfterGcMiB, long gcs) {

        /** Rows per second of the load. */
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    /** Runs the load in a child JVM with {@link #CHILD_HEAP}, echoing its output, and returns its summary. */
    public static Summary runChild(String databaseUrl, long rows, PrintStream out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, CHILD_HEAP, "-cp", System.getProperty("java.class.path"),
                HeapCheck.class.getName(), Long.toString(rows)).redirectErrorStream(true);
        // The URL carries the password, so it goes through the environment rather than the command line.
        builder.environment().put("DATABASE_URL", databaseUrl);
        Process process = builder.start();
        Summary summary = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.println("  [" + CHILD_HEAP + "] " + line);
                if (line.startsWith(SUMMARY)) {
                    summary = parse(line.substring(SUMMARY.length()));
                }
            }
        }
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0 || summary == null) {
            throw new IllegalStateException("the heap check's child JVM failed (exit " + process.exitValue() + ")");
        }
        return summary;
    }

    /** The child: loads {@code args[0]} rows into a fresh table through DATABASE_URL, sampling the heap. */
    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        TuskConfig config = TuskConfig.fromUrl(System.getenv("DATABASE_URL"));
        PersonData data = new PersonData(rows);
        try (TuskClient client = Tusk.connect(config);
             Connection setup = DriverManager.getConnection(config.jdbcUrl(),
                     config.jdbcProperties())) {
            LoadTable.recreate(setup, LoadTable.NAME, true);
            System.gc(); // A clean start, so the first sample is the baseline rather than start-up garbage.
            List<double[]> samples = new ArrayList<>();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(samples));
            long gcsBefore = gcCount();
            long started = System.nanoTime();
            long loaded = client.copy().copyIn(LoadTable.NAME).columns(PersonData.COLUMNS).from(data).rows();
            double seconds = (System.nanoTime() - started) / 1e9;
            long gcs = gcCount() - gcsBefore;
            sampler.interrupt();
            sampler.join();
            Fingerprint found = LoadTable.fingerprint(setup, LoadTable.NAME);
            if (loaded != rows || !found.matches(data)) {
                throw new IllegalStateException("loaded " + found.rows() + " rows, expected " + rows);
            }
            double min = Double.MAX_VALUE;
            double max = 0;
            double afterGc = 0;
            StringBuilder used = new StringBuilder();
            synchronized (samples) {
                for (double[] sample : samples) {
                    min = Math.min(min, sample[0]);
                    max = Math.max(max, sample[0]);
                    afterGc = Math.max(afterGc, sample[1]);
                    used.append(used.isEmpty() ? "" : " ").append(Math.round(sample[0]));
                }
            }
            System.out.println("heap in use every 0.5 s (MiB): " + used);
            System.out.println(String.format(Locale.ROOT, "%s%d %.3f %d %.1f %.1f %.1f %d", SUMMARY, rows, seconds,
                    samples.size(), samples.isEmpty() ? 0 : min, max, afterGc, gcs));
            System.out.println(String.format(Locale.ROOT, "loaded %,d rows in %.1f s (%,.0f rows/s) with max heap %d MiB; "
                            + "heap in use %.1f–%.1f MiB, at most %.1f MiB left after a GC, %d GCs", rows, seconds,
                    rows / seconds, Runtime.getRuntime().maxMemory() >> 20, min, max, afterGc, gcs));
        }
    }

    private static void sample(List<double[]> samples) {
        Runtime runtime = Runtime.getRuntime();
        while (!Thread.currentThread().isInterrupted()) {
            double used = (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0;
            synchronized (samples) {
                samples.add(new double[] {used, usedAfterGc() / 1048576.0});
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Heap in use right after the latest collection of each heap pool: what the load actually keeps alive. */
    private static long usedAfterGc() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            total += usage == null ? 0 : usage.getUsed();
        }
        return total;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(bean -> Math.max(0, bean.getCollectionCount())).sum();
    }

    private static Summary parse(String fields) {
        String[] f = fields.trim().split(" ");
        return new Summary(Long.parseLong(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Long.parseLong(f[6]));
    }
}
