package dev.tusk.query;

import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class StreamingTest {

    @Test
    void shouldStreamAResultSeveralTimesLargerThanTheHeap(TestDatabase database) throws IOException, InterruptedException {
        long rows = 1_200_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-Xmx48m", "-cp", dev.tusk.TestClasspath.full(),
                StreamingMemoryProbe.class.getName(), database.url(), String.valueOf(rows))
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();

        String summary = output.lines().filter(line -> line.startsWith("rows=")).findFirst().orElseThrow();
        long bytes = Long.parseLong(summary.replaceAll(".*bytes=(\\d+).*", "$1"));
        long maxHeap = Long.parseLong(summary.replaceAll(".*maxHeap=(\\d+).*", "$1"));
        assertThat(summary).startsWith("rows=" + rows + " ");
        // 256 characters a row: over 300 MB of text through a 48 MB heap.
        assertThat(bytes).isEqualTo(rows * 256).isGreaterThan(5 * maxHeap);
    }

    @Test
    void shouldReturnTheConnectionWhenTheStreamIsClosedEarly(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            List<Integer> firstFive;
            try (Stream<Integer> numbers = client.stream("SELECT i FROM generate_series(1, 100000) i",
                    row -> row.getInt("i"))) {
                firstFive = numbers.limit(5).toList();
            }
            assertThat(firstFive).containsExactly(1, 2, 3, 4, 5);
            assertThat(client.queryValue("SHOW transaction_read_only", String.class)).isEqualTo("off");
            assertThat(client.queryValue("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tusk' AND state = 'idle in transaction'",
                    Long.class))
                    .isZero();
        }
    }

    @Test
    void shouldStreamIntoACallbackAndInsideATransaction(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            List<Long> seen = new ArrayList<>();
            client.forEach("SELECT i FROM generate_series(1, ?) i", row -> row.getLong("i"), seen::add, 2500L);
            assertThat(seen).hasSize(2500).startsWith(1L, 2L).endsWith(2500L);
            long sum = client.inTransaction(tx -> {
                tx.execute("CREATE TABLE numbers AS SELECT i FROM generate_series(1, 3000) i");
                try (Stream<Long> numbers = tx.stream("SELECT i FROM numbers", row -> row.getLong("i"))) {
                    return numbers.mapToLong(Long::longValue).sum();
                }
            });
            assertThat(sum).isEqualTo(3000L * 3001 / 2);
        }
    }

    @Test
    void shouldReportAFailureWhileStreamingAndRollBack(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> {
                try (Stream<Integer> numbers = client.stream("SELECT 10 / (5000 - i) AS n FROM generate_series(1, 10000) i",
                        row -> row.getInt("n"))) {
                    numbers.forEach(n -> { });
                }
            }).isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.sqlState()).isEqualTo("22012"));
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }
}
