package dev.tusk.query;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Positional getters read what the by-name ones read, on live result rows, detached rows and COPY rows alike. */
@WithPostgres
class RowPositionTest {

    private static final String ROW = "SELECT 'text'::text AS s, 42::int4 AS i, 9000000000::int8 AS l, 2.5::float8 AS d,"
            + " true AS b, 12.34::numeric AS n, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u,"
            + " DATE '2024-02-29' AS dt, TIMESTAMPTZ '2024-02-29 12:00:00+00' AS ts, INTERVAL '1 day 2 hours' AS iv,"
            + " '\\x0102'::bytea AS by, NULL::int4 AS missing";

    private static TuskClient client;

    @BeforeAll
    static void connect(TestDatabase database) {
        client = Tusk.connect(database.url());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void shouldReadEveryGetterByPositionOnALiveRow() {
        List<String> problems = client.queryOne(ROW, RowPositionTest::compare);
        assertThat(problems).isEmpty();
        List<String> failures = client.queryOne(ROW, RowPositionTest::failures);
        assertThat(failures).containsExactlyElementsOf(expectedFailures());
    }

    @Test
    void shouldReadEveryGetterByPositionOnADetachedRow() {
        Row row = client.queryRows(ROW).getFirst();
        assertThat(compare(row)).isEmpty();
        assertThat(failures(row)).containsExactlyElementsOf(expectedFailures());
    }

    @Test
    void shouldReadEveryGetterByPositionOnACopyRow() {
        try (Stream<Row> rows = client.copyOut(CopyOutSource.query(ROW))) {
            Row row = rows.findFirst().orElseThrow();
            assertThat(compare(row)).isEmpty();
            assertThat(failures(row)).containsExactlyElementsOf(expectedFailures());
        }
    }

    /** Every getter by position against its by-name twin; the values checked are the ones ROW selects. */
    private static List<String> compare(Row row) {
        List<String> problems = new ArrayList<>();
        check(problems, "getString", row.getString(1), row.getString("s"), "text");
        check(problems, "getInt", row.getInt(2), row.getInt("i"), 42);
        check(problems, "getLong", row.getLong(3), row.getLong("l"), 9_000_000_000L);
        check(problems, "getDouble", row.getDouble(4), row.getDouble("d"), 2.5);
        check(problems, "getBoolean", row.getBoolean(5), row.getBoolean("b"), true);
        check(problems, "getBigDecimal", row.getBigDecimal(6), row.getBigDecimal("n"), new java.math.BigDecimal("12.34"));
        check(problems, "getUuid", row.getUuid(7), row.getUuid("u"),
                java.util.UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        check(problems, "getLocalDate", row.getLocalDate(8), row.getLocalDate("dt"), java.time.LocalDate.of(2024, 2, 29));
        check(problems, "getOffsetDateTime", row.getOffsetDateTime(9).toInstant(), row.getOffsetDateTime("ts").toInstant(),
                java.time.Instant.parse("2024-02-29T12:00:00Z"));
        check(problems, "getInterval", row.getInterval(10), row.getInterval("iv"), row.get("iv", Interval.class));
        check(problems, "getBytes", List.of(row.getBytes(11)[0], row.getBytes(11)[1]),
                List.of(row.getBytes("by")[0], row.getBytes("by")[1]), List.of((byte) 1, (byte) 2));
        check(problems, "get(int, Class)", row.get(2, Long.class), row.get("i", Long.class), 42L);
        check(problems, "get(int, Class) of NULL", row.get(12, Integer.class), row.get("missing", Integer.class), null);
        return problems;
    }

    private static void check(List<String> problems, String getter, Object byPosition, Object byName, Object expected) {
        if (!java.util.Objects.equals(byPosition, byName) || !java.util.Objects.equals(byPosition, expected)) {
            problems.add(getter + ": by position " + byPosition + ", by name " + byName + ", expected " + expected);
        }
    }

    /** The messages of a bad index on either side and of a primitive getter reading NULL. */
    private static List<String> failures(Row row) {
        List<String> messages = new ArrayList<>();
        for (int index : new int[] {0, 13, -1}) {
            messages.add(messageOf(() -> row.get(index, Object.class)));
            messages.add(messageOf(() -> row.getString(index)));
            messages.add(messageOf(() -> row.getLong(index)));
        }
        messages.add(messageOf(() -> row.getInt(12)));
        return messages;
    }

    private static List<String> expectedFailures() {
        List<String> messages = new ArrayList<>();
        for (int index : new int[] {0, 13, -1}) {
            for (int i = 0; i < 3; i++) {
                messages.add("column index " + index + " is out of range: the row has 12 columns, numbered from 1");
            }
        }
        messages.add("column 12 (\"missing\") is NULL; read it with get(12, Integer.class) to receive null");
        return messages;
    }

    private static String messageOf(Runnable read) {
        try {
            read.run();
            return "no failure";
        } catch (QueryException e) {
            return e.getMessage();
        }
    }

    @Test
    void shouldNameTheIndexAndColumnCountOfABadIndexEvenWithNoColumns() {
        Row row = client.queryRows("SELECT").getFirst();
        assertThatThrownBy(() -> row.getInt(1)).isInstanceOf(QueryException.class)
                .hasMessage("column index 1 is out of range: the row has 0 columns, numbered from 1");
    }
}
