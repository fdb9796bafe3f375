package dev.tusk.bench.writetx;

import dev.tusk.bench.pointselect.PointSelectOptions.Threads;
import dev.tusk.bench.pointselect.PointSelectReport;
import dev.tusk.bench.pointselect.PointSelectReport.ClientSummary;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class WriteTxBenchmarkTest {

    @Test
    void shouldMeasureTheThreeClientsAndCommitEveryTransaction(TestDatabase database) throws Exception {
        WriteTxOptions options = WriteTxOptions.defaults().withShape(WriteTxOptions.defaults().shape()
                .withDatabaseUrl(database.url())
                .withAccounts(10_000)
                .withWorkers(4, 4, Threads.PLATFORM)
                .withTiming(1, Duration.ofMillis(1500), Duration.ofMillis(500)));
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        PointSelectReport report;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            report = WriteTxBenchmark.run(options, out);
        }

        assertThat(report.clients()).containsExactly("tusk", "raw", "raw+xid");
        long measured = 0;
        for (String client : report.clients()) {
            ClientSummary summary = report.summary(client);
            assertThat(summary.rounds()).hasSize(1);
            assertThat(summary.operations()).as("%s operations", client).isPositive();
            assertThat(summary.medianP50Micros()).as("%s p50", client).isPositive()
                    .isLessThanOrEqualTo(summary.medianP99Micros());
            measured += summary.operations();
        }
        // Every transaction, warm-up included, added DELTA to one balance and committed.
        try (var connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet sum = statement.executeQuery("SELECT sum(abalance) FROM pgbench_accounts")) {
            sum.next();
            assertThat(sum.getLong(1)).isGreaterThan(measured * WriteTxClient.DELTA);
        }
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("durability: fsync=off")
                .contains("round 1 of 1: tusk", "round 1 of 1: raw ", "round 1 of 1: raw+xid")
                .contains("ratio raw+xid/raw ops/s", "ratio tusk/raw+xid ops/s", "ratio tusk/raw ops/s");
    }
}
