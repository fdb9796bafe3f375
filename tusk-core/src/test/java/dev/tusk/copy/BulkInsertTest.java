package dev.tusk.copy;

import dev.tusk.CopyException;
import dev.tusk.Progress;
import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedColumnException;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class BulkInsertTest {

    record Reading(long id, String sensorName, double value, Instant takenAt) {
    }

    record IdOnly(long id) {
    }

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE reading (id bigint PRIMARY KEY, sensor_name text NOT NULL, value float8, taken_at timestamptz)");
        return client;
    }

    private static List<Reading> readings(int from, int count) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        return IntStream.range(from, from + count)
                .mapToObj(i -> new Reading(i, "sensor-" + (i % 7), i * 0.5, base.plusSeconds(i))).toList();
    }

    private static final List<String> COLUMNS = List.of("id", "sensor_name", "value", "taken_at");

    @Test
    void shouldUseMultiRowInsertsBelowTheThresholdAndCopyAtIt(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            BulkInsertResult small = client.bulkInsert("reading", COLUMNS, readings(0, 999));
            BulkInsertResult large = client.bulkInsert("reading", COLUMNS, readings(1000, 5000));
            assertThat(small.method()).isEqualTo(BulkMethod.MULTI_ROW_INSERT);
            assertThat(small.rows()).isEqualTo(999);
            assertThat(large.method()).isEqualTo(BulkMethod.BINARY_COPY);
            assertThat(large.rows()).isEqualTo(5000);
            assertThat(client.queryValue("SELECT count(*) FROM reading", Long.class)).isEqualTo(5999L);
            assertThat(client.queryValue("SELECT value FROM reading WHERE id = 4321", Double.class)).isEqualTo(2160.5);
            assertThat(client.queryValue("SELECT sensor_name FROM reading WHERE id = 998", String.class)).isEqualTo("sensor-4");
        }
    }

    @Test
    void shouldReadAheadOfStreamsToChooseAndHonourACustomThreshold(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            Iterable<Object> fewRows = () -> Stream.<Object>of(new Object[] {1L, "a", 1.0, null}, new Object[] {2L, "b", null, null})
                    .iterator();
            BulkInsertResult few = client.copy().bulkInsert("reading").columns(COLUMNS).threshold(3).from(fewRows);
            Iterable<Reading> manyRows = () -> readings(10, 50).iterator();
            List<Progress> reports = new ArrayList<>();
            BulkInsertResult many = client.copy().bulkInsert("reading").columns(COLUMNS).threshold(3)
                    .progress(reports::add).from(manyRows);
            assertThat(few.method()).isEqualTo(BulkMethod.MULTI_ROW_INSERT);
            assertThat(many.method()).isEqualTo(BulkMethod.BINARY_COPY);
            assertThat(many.rows()).isEqualTo(50);
            assertThat(reports).isNotEmpty().last().satisfies(last -> assertThat(last.items()).isEqualTo(50));
            assertThat(client.queryValue("SELECT count(*) FROM reading", Long.class)).isEqualTo(52L);
        }
    }

    @Test
    void shouldInsertNothingWhenOneRowIsBad(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Object[]> rows = new ArrayList<>();
            for (long i = 1; i <= 10; i++) {
                rows.add(i == 7 ? new Object[] {i, "short row"} : new Object[] {i, "ok", 1.0, null});
            }
            assertThatThrownBy(() -> client.bulkInsert("reading", COLUMNS, rows))
                    .isInstanceOfSatisfying(CopyException.class, e -> assertThat(e.rowNumber()).isEqualTo(7))
                    .hasMessageContaining("row 7 has 2 values but 4 columns");
            List<Object[]> duplicate = new ArrayList<>(List.of(new Object[] {1L, "a", 1.0, null}, new Object[] {1L, "b", 2.0, null}));
            assertThatThrownBy(() -> client.bulkInsert("reading", COLUMNS, duplicate))
                    .isInstanceOf(dev.tusk.UniqueViolationException.class);
            List<Object[]> twoColumns = List.<Object[]>of(new Object[] {1L, "red"});
            assertThatThrownBy(() -> client.bulkInsert("reading", List.of("id", "colour"), twoColumns))
                    .isInstanceOf(UndefinedColumnException.class).hasMessageContaining("\"colour\"");
            assertThatThrownBy(() -> client.bulkInsert("reading", List.of("id", "colour"), readings(0, 3)))
                    .isInstanceOf(UndefinedColumnException.class).hasMessageContaining("\"colour\"");
            assertThatThrownBy(() -> client.bulkInsert("reading", COLUMNS, List.of(new IdOnly(1))))
                    .isInstanceOf(CopyException.class)
                    .hasMessageContaining("record IdOnly has no component for column \"sensor_name\"");
            // Resolved by the server as COPY resolves it, so the same name fails the same way on both paths.
            assertThatThrownBy(() -> client.bulkInsert("reading; DROP TABLE reading", COLUMNS, readings(0, 3)))
                    .isInstanceOf(dev.tusk.UndefinedTableException.class)
                    .hasMessageStartingWith("table \"reading; DROP TABLE reading\" does not exist");
            assertThatThrownBy(() -> client.copy().bulkInsert("reading").threshold(-1))
                    .hasMessage("threshold must not be negative, but was -1");
            assertThat(client.queryValue("SELECT count(*) FROM reading", Long.class)).isZero();
        }
    }

    @Test
    void shouldBindZonedTimesAndResolveQualifiedNamesAsSqlDoes(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            java.time.ZonedDateTime at = java.time.ZonedDateTime.parse("2026-03-29T02:30:00+02:00[Europe/Paris]");
            List<Object[]> rows = List.<Object[]>of(new Object[] {1L, "a", 1.0, at}, new Object[] {2L, "b", 2.0, at});
            BulkInsertResult result = client.bulkInsert("public.READING", List.of("ID", "sensor_name", "value", "taken_at"), rows);
            assertThat(result.method()).isEqualTo(BulkMethod.MULTI_ROW_INSERT);
            assertThat(client.queryValue("SELECT taken_at FROM reading WHERE id = 2", java.time.Instant.class))
                    .isEqualTo(at.toInstant());
        }
    }

    @Test
    void shouldUpsertThroughATemporaryTableAndCountInsertsAndUpdates(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.bulkInsert("reading", COLUMNS, readings(0, 100));
            List<Reading> changed = new ArrayList<>();
            for (Reading reading : readings(50, 100)) {
                changed.add(new Reading(reading.id(), "moved", reading.value() + 1000, reading.takenAt()));
            }
            UpsertResult result = client.copy().bulkUpsert("reading", COLUMNS, changed, List.of("id"), List.of("sensor_name", "value"));
            assertThat(result.inserted()).isEqualTo(50);
            assertThat(result.updated()).isEqualTo(50);
            assertThat(client.queryValue("SELECT count(*) FROM reading", Long.class)).isEqualTo(150L);
            assertThat(client.queryValue("SELECT count(*) FROM reading WHERE sensor_name = 'moved'", Long.class)).isEqualTo(100L);
            assertThat(client.queryValue("SELECT value::numeric FROM reading WHERE id = 60", BigDecimal.class)).isEqualByComparingTo("1030");

            UpsertResult keep = client.copy().bulkUpsert("reading", COLUMNS, readings(140, 20), List.of("id"), List.of());
            assertThat(keep.inserted()).isEqualTo(10);
            assertThat(keep.updated()).isZero();
            assertThat(client.queryValue("SELECT sensor_name FROM reading WHERE id = 145", String.class)).isEqualTo("moved");
        }
    }

    @Test
    void shouldRefuseAnUpsertWithoutAUsableKeyAndChangeNothing(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.bulkInsert("reading", COLUMNS, readings(0, 10));
            assertThatThrownBy(() -> client.copy().bulkUpsert("reading", COLUMNS, readings(5, 10), List.of("sensor_name"), List.of("value")))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.sqlState()).isEqualTo("42P10"));
            assertThatThrownBy(() -> client.copy().bulkUpsert("reading", List.of("id", "value"), readings(5, 10), List.of("id"),
                    List.of("sensor_name")))
                    .isInstanceOf(UndefinedColumnException.class)
                    .hasMessageContaining("update column \"sensor_name\" is not one of the columns being written");
            assertThatThrownBy(() -> client.copy().bulkUpsert("reading", COLUMNS, readings(5, 10), List.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conflictColumns");
            assertThat(client.queryValue("SELECT count(*) FROM reading", Long.class)).isEqualTo(10L);
            assertThat(client.queryValue("SELECT max(value) FROM reading", Double.class)).isEqualTo(4.5);
        }
    }
}
