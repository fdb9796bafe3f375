package dev.tusk.copy;

import dev.tusk.Progress;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows arrive as records, Object[], streams, iterators or a RowSource; progress and volume behave. */
@WithPostgres
class CopyInSourcesTest {

    private static final List<String> COLUMNS = List.of("id", "name", "taken_at", "score");
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    record Measurement(long id, String name, Instant takenAt, double score) {
    }

    /** Components in another order, boxed, and one more than the COPY needs. */
    record Reordered(Double score, String unused, Instant taken_at, Long id, String name) {
    }

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE measurement (id bigint, name text, taken_at timestamptz, score float8)");
        return client;
    }

    private static Measurement measurement(long id) {
        return new Measurement(id, "sensor-" + (id % 97), BASE.plusMillis(id), id / 4.0);
    }

    /** One line per row, from the server, to compare loads of different sources. */
    private static List<String> contents(TuskClient client) {
        return client.query("SELECT concat_ws('|', id, name, (taken_at AT TIME ZONE 'UTC')::text, score) "
                + "FROM measurement ORDER BY id", String.class);
    }

    @Test
    void shouldLoadRecordsMatchingComponentsToColumnsByName(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            CopyResult result = client.copy().copyIn("measurement", COLUMNS, List.of(measurement(1), measurement(2)));
            client.copy().copyIn("measurement", List.of("ID", "Name", "TAKEN_AT", "\"score\""), List.of(
                    new Reordered(7.5, "ignored", BASE, 3L, "boxed"), new Reordered(null, null, null, 4L, null)));

            assertThat(result.rows()).isEqualTo(2);
            assertThat(result.bytes()).isPositive();
            assertThat(result.elapsed()).isPositive();
            assertThat(contents(client)).containsExactly(
                    "1|sensor-1|2026-01-01 00:00:00.001|0.25",
                    "2|sensor-2|2026-01-01 00:00:00.002|0.5",
                    "3|boxed|2026-01-01 00:00:00|7.5",
                    "4");
        }
    }

    @Test
    void shouldLoadTheSameRowsFromEveryKindOfSource(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Measurement> records = LongStream.rangeClosed(1, 500).mapToObj(CopyInSourcesTest::measurement).toList();
            client.copy().copyIn("measurement", COLUMNS, records);
            List<String> expected = contents(client);
            assertThat(expected).hasSize(500);

            List<Runnable> loads = List.of(
                    () -> client.copy().copyIn("measurement").columns(COLUMNS).from(records.stream()),
                    () -> client.copy().copyIn("measurement").columns(COLUMNS).from(records.iterator()),
                    () -> client.copy().copyIn("measurement", COLUMNS, records.stream().map(m -> new Object[] {m.id(), m.name(),
                            m.takenAt(), m.score()}).toList()),
                    () -> client.copy().copyIn("measurement").columns("id", "name", "taken_at", "score").from(
                            Stream.of(records.get(0)).flatMap(first -> records.stream())),
                    () -> {
                        long[] id = {0};
                        client.copy().copyIn("measurement", COLUMNS, row -> {
                            if (id[0] == records.size()) {
                                return false;
                            }
                            Measurement m = records.get((int) id[0]++);
                            row.write(m.id()).write(m.name()).write(m.takenAt()).write(m.score());
                            return true;
                        });
                    });
            for (Runnable load : loads) {
                client.execute("TRUNCATE measurement");
                load.run();
                assertThat(contents(client)).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldLoadNothingFromAnEmptySourceAndStillSucceed(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            CopyResult result = client.copy().copyIn("measurement", COLUMNS, Collections.emptyList());
            assertThat(result.rows()).isZero();
            assertThat(client.copy().copyIn("measurement", COLUMNS, row -> false).rows()).isZero();
            assertThat(client.queryValue("SELECT count(*) FROM measurement", Long.class)).isZero();
        }
    }

    @Test
    void shouldWriteNullsInEveryPosition(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.copy().copyIn("measurement", COLUMNS, List.of(new Object[] {null, "a", BASE, 1.0},
                    new Object[] {2L, null, BASE, 1.0}, new Object[] {3L, "c", null, 1.0}, new Object[] {4L, "d", BASE, null},
                    new Object[] {null, null, null, null}));
            client.copy().copyIn("measurement", COLUMNS, row -> false);
            assertThat(client.queryValue("SELECT string_agg(concat_ws(',', id IS NULL, name IS NULL, "
                    + "taken_at IS NULL, score IS NULL), ';' ORDER BY id NULLS LAST, name NULLS LAST) FROM measurement", String.class))
                    .isEqualTo("f,t,f,f;f,f,t,f;f,f,f,t;t,f,f,f;t,t,t,t");
        }
    }

    @Test
    void shouldLoadTwoHundredThousandRowsExactlyAndReportRisingProgressEndingAtTheTotal(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int total = 200_000;
            List<Progress> reports = Collections.synchronizedList(new ArrayList<>());
            long[] next = {0};
            CopyResult result = client.copy().copyIn("measurement").columns(COLUMNS).progress(reports::add)
                    .progressEveryRows(25_000).flushBytes(64 * 1024)
                    .from(row -> {
                        if (next[0] == total) {
                            return false;
                        }
                        long id = ++next[0];
                        row.write(id).write("sensor-" + (id % 97)).write(BASE.plusMillis(id)).write(id / 4.0);
                        return true;
                    });

            assertThat(result.rows()).isEqualTo(total);
            assertThat(client.queryValue("SELECT count(*) FROM measurement", Long.class)).isEqualTo(total);
            assertThat(client.queryValue("SELECT sum(id) FROM measurement", BigDecimal.class))
                    .isEqualByComparingTo(BigDecimal.valueOf((long) total * (total + 1) / 2));
            assertThat(client.queryValue("SELECT sum(score) FROM measurement", Double.class))
                    .isEqualTo((double) total * (total + 1) / 2 / 4.0);
            String serverDigest = client.queryValue("SELECT md5(string_agg(concat_ws('|', id, name, "
                    + "extract(epoch FROM taken_at)::numeric * 1000, score), ',' ORDER BY id)) FROM measurement", String.class);
            String expectedDigest = client.queryValue("SELECT md5(string_agg(concat_ws('|', i, "
                    + "'sensor-' || i % 97, extract(epoch FROM timestamptz '2026-01-01 00:00:00Z' + i * interval '1 ms')"
                    + "::numeric * 1000, i / 4.0::float8), ',' ORDER BY i)) FROM generate_series(1, ?::int) AS i", String.class, total);
            assertThat(serverDigest).isEqualTo(expectedDigest);

            assertThat(reports).as("every 25,000 rows, then once more when the server has confirmed them all")
                    .extracting(Progress::items).containsExactly(25_000L, 50_000L, 75_000L, 100_000L, 125_000L,
                            150_000L, 175_000L, 200_000L, 200_000L);
            assertThat(reports).extracting(Progress::bytes).isSorted();
            Progress last = reports.get(reports.size() - 1);
            assertThat(last.items()).isEqualTo(total);
            assertThat(last.total()).isEqualTo(total);
            assertThat(last.bytes()).isEqualTo(result.bytes());
            assertThat(reports.get(0).total()).as("a RowSource's size is unknown until it ends").isEqualTo(-1);
        }
    }

    @Test
    void shouldReportTheKnownTotalOfACollectionAndAFinalReportByTime(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Measurement> records = LongStream.rangeClosed(1, 3_000).mapToObj(CopyInSourcesTest::measurement).toList();
            List<Progress> reports = new ArrayList<>();
            client.copy().copyIn("measurement").columns(COLUMNS).progress(reports::add)
                    .progressInterval(Duration.ofMillis(1)).from(records);
            assertThat(reports).isNotEmpty();
            assertThat(reports).allSatisfy(progress -> assertThat(progress.total()).isEqualTo(3_000));
            assertThat(reports.get(reports.size() - 1).items()).isEqualTo(3_000);
            assertThat(reports.get(reports.size() - 1).percent()).isEqualTo(100.0);
        }
    }

    @Test
    void shouldCopyInsideATransactionAndRollBackWithIt(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                tx.execute("INSERT INTO measurement (id) VALUES (0)");
                tx.copy().copyIn("measurement").columns(COLUMNS).from(List.of(measurement(1), measurement(2)));
                assertThat(tx.queryValue("SELECT count(*) FROM measurement", Long.class)).isEqualTo(3);
                throw new IllegalStateException("undo");
            })).hasMessage("undo");
            assertThat(client.queryValue("SELECT count(*) FROM measurement", Long.class)).isZero();

            client.useTransaction(tx -> tx.copy().copyIn("measurement").columns(COLUMNS).from(List.of(measurement(3))));
            assertThat(client.queryValue("SELECT count(*) FROM measurement", Long.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepAConfiguredCopyReusableAndValidateItsSettings(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            CopyIn copy = client.copy().copyIn("measurement").columns(COLUMNS).flushBytes(CopyIn.MIN_FLUSH_BYTES);
            copy.from(List.of(measurement(1)));
            copy.from(List.of(measurement(2)));
            assertThat(client.queryValue("SELECT count(*) FROM measurement", Long.class)).isEqualTo(2);

            assertThatThrownBy(() -> copy.flushBytes(12))
                    .hasMessage("flushBytes must be between 4096 and 67108864, but was 12");
            assertThatThrownBy(() -> copy.progressEveryRows(0))
                    .hasMessage("progressEveryRows must be at least 1, but was 0");
            assertThatThrownBy(() -> copy.progressInterval(Duration.ZERO))
                    .hasMessage("progressInterval must be positive, but was PT0S");
            assertThatThrownBy(() -> copy.columns(List.of()))
                    .hasMessage("columns must name at least one column, but was empty");
            assertThatThrownBy(() -> client.copy().copyIn("measurement").from(List.of(measurement(3))))
                    .hasMessage("no columns given for the COPY into \"measurement\"; call columns(…) first");
            assertThatThrownBy(() -> client.copy().copyIn(" ")).hasMessage("table must name a table, but was blank");
        }
    }
}
