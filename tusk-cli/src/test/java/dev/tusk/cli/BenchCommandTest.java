package dev.tusk.cli;

import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class BenchCommandTest {

    private static final String ROUND = "  round %d/%d %-4s";

    @Test
    void shouldMeasureTuskAndRawPgJdbcSideBySideAndDropItsSchema(TestDatabase database, @TempDir Path home) {
        CliHarness.Result result = CliHarness.tusk(CliHarness.environment(database, home), "bench",
                "--seconds", "1", "--warmup-seconds", "1", "--rounds", "2", "--workers", "2", "--rows", "2000");

        assertThat(result.status()).as(result.printed()).isZero();
        String out = result.out();
        Matcher schema = Pattern.compile("Schema: +(tusk_bench_[0-9a-f]{8}) \\(dropped at the end\\)").matcher(out);
        assertThat(schema.find()).as(out).isTrue();
        assertThat(out)
                .contains("Database: postgres@127.0.0.1:")
                .containsPattern("Server: +PostgreSQL \\d+")
                .contains("Point-select: SELECT abalance FROM " + schema.group(1) + ".accounts WHERE aid = ?, "
                        + "2 workers on platform threads, pool of 2 per client, 2 round(s) of 1 s per client")
                .containsPattern("creating 100,000 accounts\\.\\.\\. done in [0-9.]+ s")
                .containsPattern("warm-up tusk 1 s\\.\\.\\. +[1-9][0-9,]* ops/s \\(not counted\\)")
                .containsPattern("warm-up raw +1 s\\.\\.\\. +[1-9][0-9,]* ops/s \\(not counted\\)");
        for (int round = 1; round <= 2; round++) {
            for (String client : new String[] {"tusk", "raw"}) {
                assertThat(out).containsPattern(Pattern.quote(String.format(ROUND, round, 2, client))
                        + " 1 s\\.\\.\\. +[1-9][0-9,]* ops/s  p50 +[0-9,]+ µs  p99 +[0-9,]+ µs");
                assertThat(out).containsPattern(Pattern.quote(String.format(ROUND, round, 2, client))
                        + " 2,000 rows in [0-9.]+ s: +[1-9][0-9,]* rows/s, verified \\(count 2,000, sum\\(id\\) 2,001,000\\)");
            }
            assertThat(out).containsPattern("  round " + round + "/2 tusk/raw [0-9]+\\.[0-9]{2}\n");
        }
        assertThat(out)
                .containsPattern("tusk  Tusk, defaults +[1-9][0-9,]* +[0-9,]+ +[0-9,]+\n")
                .containsPattern("raw   HikariCP \\+ PgJDBC +[1-9][0-9,]* +[0-9,]+ +[0-9,]+\n")
                .containsPattern("Bulk load: 2,000 rows \\(id bigint, name text, score float8, created_at timestamptz\\)")
                .contains("  warm-up: 2,000 rows through each client... done (not counted)")
                .containsPattern("tusk  binary COPY +[1-9][0-9,]*\n")
                .containsPattern("raw   PgJDBC CopyManager, CSV +[1-9][0-9,]*\n")
                .contains("Dropped schema " + schema.group(1) + ".")
                .endsWith("Done.\n");
        // Both parts print the per-round ratios and their median.
        assertThat(Pattern.compile("tusk/raw per round: [0-9.]+ [0-9.]+; median [0-9]+\\.[0-9]{2}\n").matcher(out)
                .results().count()).isEqualTo(2);
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_bench_%'"))
                .as("the benchmark's schema is dropped").isEqualTo("0");
    }

    @Test
    void shouldRunOnePartOnVirtualThreads(TestDatabase database, @TempDir Path home) {
        CliHarness.Result result = CliHarness.tusk(CliHarness.environment(database, home), "bench",
                "--parts", "point-select", "--threads", "virtual", "--seconds", "1", "--warmup-seconds", "0",
                "--rounds", "1", "--workers", "3");

        assertThat(result.status()).as(result.printed()).isZero();
        assertThat(result.out())
                .contains("3 workers on virtual threads, pool of 3 per client, 1 round(s) of 1 s per client")
                .containsPattern("round 1/1 tusk 1 s\\.\\.\\. +[1-9][0-9,]* ops/s")
                .containsPattern("round 1/1 raw  1 s\\.\\.\\. +[1-9][0-9,]* ops/s")
                .containsPattern("tusk/raw per round: [0-9.]+; median [0-9.]+\n")
                .doesNotContain("warm-up")
                .doesNotContain("Bulk load");
        assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_bench_%'"))
                .isEqualTo("0");
    }

    @Test
    void shouldDropItsSchemaWhenInterrupted(TestDatabase database, @TempDir Path home) throws Exception {
        // A real JVM, stopped as Ctrl-C stops it: SIGTERM runs the shutdown hooks, then the JVM halts.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TuskCommand.class.getName(), "bench",
                "--parts", "point-select", "--seconds", "120", "--rounds", "1", "--warmup-seconds", "0",
                "--workers", "2").redirectErrorStream(true);
        builder.environment().putAll(CliHarness.environment(database, home));
        builder.environment().remove("TUSK_DEBUG");
        Process process = builder.start();
        StringBuffer printed = new StringBuffer();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (var in = new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                int c;
                while ((c = in.read()) >= 0) {
                    printed.append((char) c);
                }
            } catch (IOException e) {
                printed.append("\n(reading failed: ").append(e).append(')');
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!printed.toString().contains("round 1/1 tusk 120 s...") && System.nanoTime() < deadline
                    && process.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(printed.toString()).contains("round 1/1 tusk 120 s...");
            assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_bench_%'"))
                    .as("the schema exists while the benchmark runs").isEqualTo("1");

            // Through the handle: Process.destroy() would also close the pipe this test reads the output from.
            process.toHandle().destroy();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(printed.toString()).isTrue();
            reader.join(10_000);
            assertThat(printed.toString()).contains("tusk bench: interrupted; the figures of the rounds that finished are above")
                    .containsPattern("Dropped schema tusk_bench_[0-9a-f]{8}\\.")
                    .doesNotContainPattern("round 1/1 tusk 120 s\\.\\.\\. +[0-9,]+ ops/s");
            assertThat(CliHarness.value(database, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tusk_bench_%'"))
                    .as("the benchmark's schema is dropped").isEqualTo("0");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseBadOptionsNamingOptionAndValue() {
        assertRefused("must be at least 1, but was 0", "--rounds", "0");
        assertRefused("--seconds must be at least 1, but was 0", "--seconds", "0");
        assertRefused("--workers must be at least 1, but was -3", "--workers", "-3");
        assertRefused("--workers must be at most 1000 (each worker holds a connection), but was 5000", "--workers", "5000");
        assertRefused("--rows must be at least 1, but was 0", "--rows", "0");
        assertRefused("--rows must be at most 100000000 (the check sums stay exact up to there), but was 100000001",
                "--rows", "100000001");
        assertRefused("--warmup-seconds must be at least 0, but was -1", "--warmup-seconds", "-1");
        assertRefused("expected point-select or bulk-load, but was 'inserts'", "--parts", "point-select,inserts");
        assertRefused("'green'", "--threads", "green");
        assertRefused("'many'", "--rows", "many");
    }

    private static void assertRefused(String message, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "bench";
        System.arraycopy(options, 0, args, 1, options.length);
        CliHarness.Result result = CliHarness.tusk(Map.of(), args);
        assertThat(result.status()).as(result.printed()).isEqualTo(2);
        assertThat(result.err()).contains(message).contains(options[0]);
        assertThat(result.out()).doesNotContain("embedded");
    }

    @Test
    void shouldNotShowThePasswordWhenTheServerCannotBeReached(@TempDir Path home) {
        CliHarness.Result result = CliHarness.tusk(Map.of("DATABASE_URL",
                "postgresql://app:hunter2@127.0.0.1:1/app", "HOME", home.toString()), "bench", "--seconds", "1");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("tusk bench:");
        assertThat(result.printed()).doesNotContain("hunter2");
    }

    @Test
    void shouldDescribeItselfInHelp() {
        CliHarness.Result help = CliHarness.tusk(Map.of(), "bench", "--help");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("Usage: tusk bench")
                .contains("raw HikariCP + PgJDBC").contains("dropped at the end")
                .contains("--parts=PART").contains("--rounds=N").contains("--seconds=S").contains("--workers=W")
                .contains("--rows=N").contains("--threads=KIND").contains("virtual. Default: platform")
                .contains("Default: point-select,bulk-load");
        assertThat(CliHarness.tusk(Map.of(), "--help").out()).contains("bench");
    }
}
