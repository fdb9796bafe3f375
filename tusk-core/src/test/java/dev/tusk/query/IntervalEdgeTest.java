package dev.tusk.query;

import dev.tusk.CopyException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.copy.BulkInsert;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.CsvOptions;
import dev.tusk.ProgressListener;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.io.StringReader;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Edge intervals and timetz offsets on every path in and out, against PostgreSQL 16, 17 and 18: the server is the
 * judge of what was stored (its own text output) and of what Tusk must read back.
 */
class IntervalEdgeTest {

    @Nested
    @WithPostgres(version = 16)
    class OnPostgres16 extends EdgeCases {
    }

    @Nested
    @WithPostgres(version = 17)
    class OnPostgres17 extends EdgeCases {
    }

    @Nested
    @WithPostgres(version = 18)
    class OnPostgres18 extends EdgeCases {
    }

    record Stored(int id, Interval v) {
    }

    abstract static class EdgeCases {

        private static final long HOUR = 3_600_000_000L;
        private static final List<String> STYLES = List.of("postgres", "postgres_verbose", "sql_standard", "iso_8601");

        /** Edge intervals: the extremes of each field, a time part past 2^31 hours, mixed signs, one microsecond. */
        private static List<Interval> intervals(int serverVersion) {
            List<Interval> values = new ArrayList<>(List.of(Interval.ZERO,
                    Interval.of(14, 3, ((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000),
                    Interval.of(-14, 3, -(((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000)),
                    Interval.of(0, 0, 178_000_000L * HOUR), Interval.of(0, Integer.MAX_VALUE, 2_562_047_788L * HOUR),
                    Interval.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1),
                    Interval.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE + 1),
                    Interval.of(0, 0, Long.MAX_VALUE), Interval.of(0, 0, Long.MIN_VALUE), Interval.of(0, 0, -1),
                    Interval.of(0, 1, -1), Interval.of(0, -1, 2 * HOUR), Interval.of(1, 0, 0), Interval.of(-1, -1, 0),
                    Interval.of(0, 0, 59_999_999)));
            if (serverVersion >= 170000) {
                values.add(Interval.POSITIVE_INFINITY);
                values.add(Interval.NEGATIVE_INFINITY);
            }
            return values;
        }

        private static int serverVersion(TuskClient client) {
            return client.queryValue("SELECT current_setting('server_version_num')::int", Integer.class);
        }

        private static void fill(TuskClient client, List<Interval> values) {
            client.execute("CREATE TABLE iv (id int, v interval)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                rows.add(new Object[] {i, values.get(i)});
            }
            client.copy().copyIn("iv", List.of("id", "v"), rows);
        }

        @Test
        void shouldPrintAndReadIntervalsAsTheServerDoesInEveryStyle(TestDatabase database) {
            try (TuskClient client = Tusk.connect(database.url())) {
                List<Interval> values = intervals(serverVersion(client));
                fill(client, values);
                for (String style : STYLES) {
                    client.inTransaction(tx -> {
                        tx.execute("SET LOCAL IntervalStyle = " + style);
                        List<String> texts = tx.query("SELECT v::text FROM iv ORDER BY id", String.class);
                        List<Interval> read = tx.query("SELECT v FROM iv ORDER BY id", Interval.class);
                        for (int i = 0; i < values.size(); i++) {
                            assertThat(Interval.parse(texts.get(i))).as(style + ": " + texts.get(i))
                                    .isEqualTo(values.get(i));
                            if (style.equals("postgres")) {
                                assertThat(values.get(i).toString()).isEqualTo(texts.get(i));
                            } else if (style.equals("iso_8601")) {
                                assertThat(values.get(i).toIso8601()).isEqualTo(texts.get(i));
                            }
                        }
                        assertThat(read).as(style).isEqualTo(values);
                        return null;
                    });
                }
            }
        }

        @Test
        void shouldStoreTheSameIntervalOnEveryPathIn(TestDatabase database) {
            try (TuskClient client = Tusk.connect(database.url())) {
                List<Interval> values = intervals(serverVersion(client));
                client.execute("CREATE TABLE t (path text, id int, v interval)");
                List<String> columns = List.of("path", "id", "v");
                client.copy().copyIn("t", columns, rows("copy", values));
                for (int i = 0; i < values.size(); i++) {
                    client.execute("INSERT INTO t VALUES (?, ?, ?)", "parameter", i, values.get(i));
                }
                assertThat(client.bulkInsert("t", columns, rows("insert", values)).method().name())
                        .isEqualTo("MULTI_ROW_INSERT");
                client.copy().bulkInsert("t").columns(columns).threshold(0).from(rows("bulk-copy", values));
                StringBuilder csv = new StringBuilder();
                for (int i = 0; i < values.size(); i++) {
                    // ISO 8601: the server refuses its own postgres-style text for the smallest time part.
                    csv.append("csv,").append(i).append(',').append(values.get(i).toIso8601()).append('\n');
                }
                client.copy().copyInCsv("t", columns, new StringReader(csv.toString()), CsvOptions.csv(),
                        ProgressListener.NONE);
                client.execute("INSERT INTO t SELECT 'array', (u.i - 1)::int, u.v FROM unnest(?::interval[]) "
                        + "WITH ORDINALITY AS u(v, i)", (Object) values.toArray(new Interval[0]));

                Map<String, List<Interval>> byPath = new LinkedHashMap<>();
                try (Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT path, v FROM t ORDER BY path, id"))) {
                    rows.forEach(row -> byPath.computeIfAbsent(row.getString("path"), p -> new ArrayList<>())
                            .add(row.getInterval("v")));
                }
                assertThat(byPath.keySet()).containsExactlyInAnyOrder("copy", "parameter", "insert", "bulk-copy", "csv",
                        "array");
                byPath.forEach((path, stored) -> assertThat(stored).as(path).isEqualTo(values));
            }
        }

        private static List<Object[]> rows(String path, List<Interval> values) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                rows.add(new Object[] {path, i, values.get(i)});
            }
            return rows;
        }

        @Test
        void shouldReadIntervalsBackOnEveryPathOut(TestDatabase database) {
            try (TuskClient client = Tusk.connect(database.url())) {
                List<Interval> values = intervals(serverVersion(client));
                fill(client, values);
                String select = "SELECT id, v FROM iv ORDER BY id";
                try (Stream<Interval> copied = client.copy().copyOut(CopyOutSource.query("SELECT v FROM iv ORDER BY id"),
                        Interval.class)) {
                    assertThat(copied.toList()).isEqualTo(values);
                }
                try (Stream<Stored> copied = client.copy().copyOut(CopyOutSource.query(select), Stored.class)) {
                    assertThat(copied.map(Stored::v).toList()).isEqualTo(values);
                }
                assertThat(client.query(select, Stored.class).stream().map(Stored::v).toList()).isEqualTo(values);
                assertThat(client.queryRows(select).stream().map(row -> row.get("v", Object.class)).toList())
                        .isEqualTo(values);
                assertThat(client.query(select, row -> row.getInterval("v"))).isEqualTo(values);

                Interval[] array = values.toArray(new Interval[0]);
                assertThat(client.queryValue("SELECT array_agg(v ORDER BY id) FROM iv", Interval[].class))
                        .containsExactly(array);
                assertThat(client.queryRows("SELECT array_agg(v ORDER BY id) AS a FROM iv").get(0).get("a", Object.class))
                        .isEqualTo(array);
                try (Stream<Row> copied = client.copyOut(CopyOutSource.query(
                        "SELECT array_agg(v ORDER BY id) AS a, ARRAY[ARRAY['1 day'::interval, NULL]] AS m FROM iv"))) {
                    Row row = copied.findFirst().orElseThrow();
                    assertThat(row.get("a", Interval[].class)).containsExactly(array);
                    assertThat(row.get("m", Interval[][].class)).isDeepEqualTo(new Interval[][] {{Interval.of(0, 1, 0), null}});
                }
                assertThat(client.queryValue("SELECT ARRAY[ARRAY['1 day'::interval, NULL]]", Interval[][].class))
                        .isDeepEqualTo(new Interval[][] {{Interval.of(0, 1, 0), null}});
            }
        }

        @Test
        void shouldReadIntervalsAsDurationPeriodAndPgIntervalWhereTheyFit(TestDatabase database) {
            try (TuskClient client = Tusk.connect(database.url())) {
                client.execute("CREATE TABLE iv (id int, v interval)");
                client.execute("INSERT INTO iv VALUES (1, '2 days -00:00:00.000001'), (2, '1 year 2 mons -3 days'), "
                        + "(3, '178000000 hours 1.5 seconds')");
                String one = "SELECT v FROM iv WHERE id = ?";
                Duration expected = Duration.ofDays(2).minusNanos(1000);
                assertThat(client.queryValue(one, Duration.class, 1)).isEqualTo(expected);
                assertThat(client.queryValue(one, java.time.Period.class, 2)).isEqualTo(java.time.Period.of(1, 2, -3));
                assertThat(client.queryValue(one, PGInterval.class, 3))
                        .isEqualTo(new PGInterval(0, 0, 0, 178_000_000, 0, 1.5));
                try (Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT v FROM iv ORDER BY id"))) {
                    List<Row> all = rows.toList();
                    assertThat(all.get(0).get("v", Duration.class)).isEqualTo(expected);
                    assertThat(all.get(1).get("v", java.time.Period.class)).isEqualTo(java.time.Period.of(1, 2, -3));
                    assertThat(all.get(2).get("v", PGInterval.class))
                            .isEqualTo(new PGInterval(0, 0, 0, 178_000_000, 0, 1.5));
                    assertThat(all.get(1).get("v", String.class)).isEqualTo("1 year 2 mons -3 days");
                }
                client.execute("INSERT INTO iv VALUES (4, ?), (5, ?)", Duration.ofHours(1), java.time.Period.ofDays(2));
                assertThat(client.query("SELECT v FROM iv WHERE id >= 4 ORDER BY id", Interval.class))
                        .containsExactly(Interval.of(0, 0, HOUR), Interval.of(0, 2, 0));
            }
        }

        @Test
        void shouldTreatTheInfinityBitsAsPostgresOfThatVersionDoes(TestDatabase database) {
            try (TuskClient client = Tusk.connect(database.url())) {
                boolean infinite = serverVersion(client) >= 170000;
                client.execute("CREATE TABLE inf (v interval)");
                client.copy().copyIn("inf", List.of("v"), List.<Object[]>of(new Object[] {Interval.POSITIVE_INFINITY}));
                assertThat(client.queryValue("SELECT v::text FROM inf", String.class)).isEqualTo(infinite ? "infinity"
                        : "178956970 years 7 mons 2147483647 days 2562047788:00:54.775807");
                assertThat(client.queryValue("SELECT v FROM inf", Interval.class)).isEqualTo(Interval.POSITIVE_INFINITY);
                if (infinite) {
                    client.execute("INSERT INTO inf VALUES (?)", Interval.NEGATIVE_INFINITY);
                    assertThat(client.queryValue("SELECT count(*) = 1 FROM inf WHERE v = '-infinity'", Boolean.class))
                            .isTrue();
                } else {
                    // PostgreSQL 16 has no infinite interval, so the text a parameter is sent as is refused there.
                    assertThatThrownBy(() -> client.execute("INSERT INTO inf VALUES (?)", Interval.NEGATIVE_INFINITY))
                            .hasMessageContaining("invalid input syntax for type interval");
                }
            }
        }

        @Test
        void shouldKeepTimetzOffsetsUpTo15h59m59s(TestDatabase database) {
            List<OffsetTime> values = List.of(
                    OffsetTime.of(LocalTime.MIDNIGHT, ZoneOffset.ofHoursMinutesSeconds(15, 59, 59)),
                    OffsetTime.of(23, 59, 59, 999_999_000, ZoneOffset.ofHoursMinutesSeconds(-15, -59, -59)),
                    OffsetTime.of(12, 0, 0, 0, ZoneOffset.ofTotalSeconds(1)));
            List<String> serverText = List.of("00:00:00+15:59:59", "23:59:59.999999-15:59:59", "12:00:00+00:00:01");
            try (TuskClient client = Tusk.connect(database.url())) {
                client.execute("CREATE TABLE tz (path text, id int, v timetz)");
                List<String> columns = List.of("path", "id", "v");
                List<Object[]> copyRows = new ArrayList<>();
                List<Object[]> insertRows = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    copyRows.add(new Object[] {"copy", i, values.get(i)});
                    insertRows.add(new Object[] {"insert", i, values.get(i)});
                }
                client.copy().copyIn("tz", columns, copyRows);
                client.bulkInsert("tz", columns, insertRows);
                for (String path : List.of("copy", "insert")) {
                    assertThat(client.query("SELECT v::text FROM tz WHERE path = ? ORDER BY id", String.class, path))
                            .as(path).isEqualTo(serverText);
                    assertThat(client.query("SELECT v FROM tz WHERE path = ? ORDER BY id", OffsetTime.class, path))
                            .as(path).isEqualTo(values);
                    try (Stream<OffsetTime> copied = client.copy().copyOut(CopyOutSource.query(
                            "SELECT v FROM tz WHERE path = '" + path + "' ORDER BY id"), OffsetTime.class)) {
                        assertThat(copied.toList()).as(path).isEqualTo(values);
                    }
                }
                assertThatThrownBy(() -> client.copy().copyIn("tz", columns, List.<Object[]>of(
                        new Object[] {"copy", 9, OffsetTime.of(LocalTime.NOON, ZoneOffset.ofHours(16))})))
                        .isInstanceOf(CopyException.class)
                        .hasMessageContaining("row 1, column \"v\" (timetz)")
                        .hasMessageContaining("zone offset beyond ±15:59:59");
            }
        }
    }
}
