package dev.tusk.bench.pointselect;

import dev.tusk.bench.pointselect.PointSelectOptions.Threads;
import dev.tusk.bench.pointselect.PointSelectReport.ClientSummary;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class PointSelectBenchmarkTest {

    @Test
    void shouldMeasureEveryClientAndCompareThem(TestDatabase database) throws Exception {
        PointSelectOptions options = PointSelectOptions.defaults()
                .withClients(PointSelectOptions.KNOWN_CLIENTS)
                .withDatabaseUrl(database.url())
                .withAccounts(10_000)
                .withWorkers(4, 4, Threads.PLATFORM)
                .withTiming(1, Duration.ofMillis(1500), Duration.ofMillis(500));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        PointSelectReport report;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            report = PointSelectBenchmark.run(options, out);
        }

        assertThat(report.clients()).containsExactly("tusk", "tusk-bare", "tusk-metrics", "raw");
        for (String client : report.clients()) {
            ClientSummary summary = report.summary(client);
            assertThat(summary.rounds()).hasSize(1);
            assertThat(summary.operations()).as("%s operations", client).isPositive();
            assertThat(summary.medianOpsPerSecond()).as("%s ops/s", client).isPositive();
            assertThat(summary.medianP50Micros()).as("%s p50", client).isPositive()
                    .isLessThanOrEqualTo(summary.medianP99Micros());
        }
        assertThat(report.ratio("tusk", "raw")).isFinite().isPositive();
        assertThat(report.ratio("tusk", "tusk-bare")).isFinite().isPositive();
        assertThat(report.ratio("tusk-metrics", "tusk")).isFinite().isPositive();
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("loading pgbench tables: 10,000 accounts")
                .contains("round 1 of 1: tusk ", "round 1 of 1: tusk-bare", "round 1 of 1: tusk-metrics",
                        "round 1 of 1: raw")
                .contains("ratio tusk/tusk-bare ops/s", "ratio tusk/raw ops/s", "ratio tusk-bare/raw ops/s");
    }

    @Test
    void shouldReuseTablesThatAlreadyHoldTheRightData(TestDatabase database) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
             var connection = database.connect()) {
            PgbenchTables.ensure(connection, 1_000, out);
            PgbenchTables.ensure(connection, 1_000, out);
            PgbenchTables.ensure(connection, 2_000, out);
        }

        assertThat(output.toString(StandardCharsets.UTF_8))
                .containsOnlyOnce("loading pgbench tables: 1,000 accounts")
                .containsOnlyOnce("already hold 1,000 accounts; reusing them")
                .containsOnlyOnce("loading pgbench tables: 2,000 accounts");
    }
}
