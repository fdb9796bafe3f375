package dev.tusk.query;

import dev.tusk.DecodeException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.Profile;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGInterval;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A value the requested Java type cannot hold fails as a DecodeException naming the row, column and types, on query
 * results, record mapping and typed COPY out alike; a stream ends cleanly with its connection back in the pool.
 */
@WithPostgres
class DecodeFailureTest {

    record Span(int id, Duration length) {
    }

    record Legacy(int id, PGInterval length) {
    }

    private static void createTable(TuskClient client) {
        // Row 3 holds what Integer, Duration and PGInterval cannot: 2^33, months, and more than 2^31 hours.
        client.execute("CREATE TABLE t (id int, big int8, length interval)");
        client.execute("INSERT INTO t VALUES (1, 1, '1 hour'), (2, 2, '2 days'), "
                + "(3, 9999999999, '178956970 years 2147483647 days 2562047788 hours'), (4, 4, '4 hours')");
    }

    private static TuskClient staging(TestDatabase database) {
        return Tusk.connect(TuskConfig.fromUrl(database.url()).toBuilder().profile(Profile.STAGING).poolMinSize(1)
                .build());
    }

    @Test
    void shouldNameRowColumnAndTypesWithoutTheValueOutsideDevelopment(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            DecodeException fromQuery = catchThrowableOfType(DecodeException.class,
                    () -> client.query("SELECT big FROM t ORDER BY id", Integer.class));
            DecodeException fromCopy = catchThrowableOfType(DecodeException.class, () -> {
                try (Stream<Integer> rows = client.copy().copyOut(CopyOutSource.query("SELECT big FROM t ORDER BY id"),
                        Integer.class)) {
                    rows.toList();
                }
            });
            for (DecodeException failure : List.of(fromQuery, fromCopy)) {
                assertThat(failure).hasMessage("row 3, column \"big\" (int8) cannot be read as java.lang.Integer: "
                        + "the value is outside the range of Integer");
                assertThat(failure.rowNumber()).isEqualTo(3);
                assertThat(failure.column()).isEqualTo("big");
                assertThat(failure.sqlType()).isEqualTo("int8");
                assertThat(failure.javaType()).isEqualTo(Integer.class);
                assertThat(failure.value()).isEqualTo(9_999_999_999L);
                assertThat(failure.sqlState()).isEqualTo("22003");
                assertThat(failure.isTransient()).isFalse();
            }
        }
    }

    @Test
    void shouldQuoteTheValueInDevelopment(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            createTable(client);
            assertThatThrownBy(() -> client.query("SELECT big FROM t ORDER BY id", Integer.class))
                    .isInstanceOf(DecodeException.class).hasMessageEndingWith("(value: 9999999999)");
        }
    }

    @Test
    void shouldRefuseIntervalsTheRecordComponentCannotHold(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            String select = "SELECT id, length FROM t ORDER BY id";
            for (Runnable read : List.<Runnable>of(() -> client.query(select, Span.class), () -> {
                try (Stream<Span> rows = client.copy().copyOut(CopyOutSource.query(select), Span.class)) {
                    rows.toList();
                }
            })) {
                assertThatThrownBy(read::run).isInstanceOf(DecodeException.class)
                        .hasMessage("row 3, column \"length\" (interval) cannot be read as java.time.Duration: it has "
                                + "months, which have no fixed length; read it as Interval (or Period when it has no "
                                + "time part)");
            }
            for (Runnable read : List.<Runnable>of(() -> client.query(select, Legacy.class), () -> {
                try (Stream<Legacy> rows = client.copy().copyOut(CopyOutSource.query(select), Legacy.class)) {
                    rows.toList();
                }
            })) {
                assertThatThrownBy(read::run).isInstanceOf(DecodeException.class)
                        .hasMessageContaining("row 3, column \"length\" (interval) cannot be read as "
                                + "org.postgresql.util.PGInterval: its time part exceeds 2^31 hours");
            }
            assertThat(client.query("SELECT length FROM t WHERE id = 3", Interval.class))
                    .containsExactly(Interval.of(Integer.MAX_VALUE - 7, Integer.MAX_VALUE, 2_562_047_788L * 3_600_000_000L));
        }
    }

    @Test
    void shouldEndACopyOutStreamCleanlyAtTheFailingRow(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            try (Stream<Integer> rows = client.copy().copyOut(CopyOutSource.query("SELECT big FROM t ORDER BY id"),
                    Integer.class)) {
                Iterator<Integer> iterator = rows.iterator();
                assertThat(iterator.next()).isEqualTo(1);
                assertThat(iterator.next()).isEqualTo(2);
                assertThatThrownBy(iterator::next).isInstanceOf(DecodeException.class);
                assertThat(client.poolStats().active()).as("connections lent out after the failure").isZero();
                assertThat(iterator.hasNext()).as("rows after the failure").isFalse();
            }
            assertThat(client.queryValue("SELECT count(*) FROM t", Long.class)).isEqualTo(4);
        }
    }

    @Test
    void shouldEndAQueryStreamCleanlyAtTheFailingRow(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            try (Stream<Integer> rows = client.stream("SELECT big FROM t ORDER BY id", row -> row.get("big", Integer.class))) {
                Iterator<Integer> iterator = rows.iterator();
                assertThat(iterator.next()).isEqualTo(1);
                assertThat(iterator.next()).isEqualTo(2);
                assertThatThrownBy(iterator::next).isInstanceOf(DecodeException.class)
                        .hasMessageStartingWith("row 3, column \"big\" (int8)");
                assertThat(client.poolStats().active()).as("connections lent out after the failure").isZero();
                assertThat(iterator.hasNext()).as("rows after the failure").isFalse();
            }
        }
    }

    @Test
    void shouldLeaveTheTransactionUsableAfterAFailedRead(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            client.inTransaction(tx -> {
                tx.execute("INSERT INTO t VALUES (5, 5, '5 hours')");
                assertThatThrownBy(() -> {
                    try (Stream<Integer> rows = tx.copy().copyOut(CopyOutSource.query("SELECT big FROM t ORDER BY id"),
                            Integer.class)) {
                        rows.toList();
                    }
                }).isInstanceOf(DecodeException.class);
                assertThatThrownBy(() -> {
                    try (Stream<Integer> rows = tx.stream("SELECT big FROM t ORDER BY id", row -> row.get(1, Integer.class))) {
                        rows.toList();
                    }
                }).isInstanceOf(DecodeException.class);
                assertThatThrownBy(() -> tx.query("SELECT big FROM t", Integer.class)).isInstanceOf(DecodeException.class);
                tx.execute("INSERT INTO t VALUES (6, 6, '6 hours')");
                return null;
            });
            assertThat(client.queryValue("SELECT count(*) FROM t", Long.class)).isEqualTo(6);
        }
    }

    @Test
    void shouldReadDetachedRowsWithTheSameFailures(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            createTable(client);
            Row third = client.queryRows("SELECT big, length FROM t ORDER BY id").get(2);
            assertThatThrownBy(() -> third.get("big", Integer.class)).isInstanceOf(DecodeException.class)
                    .hasMessage("row 3, column \"big\" (int8) cannot be read as java.lang.Integer: the value is outside "
                            + "the range of Integer");
            assertThatThrownBy(() -> third.get("length", Duration.class)).isInstanceOf(DecodeException.class)
                    .hasMessageStartingWith("row 3, column \"length\" (interval) cannot be read as java.time.Duration");
            assertThat(third.getInterval("length").days()).isEqualTo(Integer.MAX_VALUE);
        }
    }

    @Test
    void shouldRefuseNumericNanAsBigDecimalOnEveryPath(TestDatabase database) {
        try (TuskClient client = staging(database)) {
            String select = "SELECT 'NaN'::numeric AS score";
            Row copied;
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query(select))) {
                copied = rows.findFirst().orElseThrow();
            }
            for (Runnable read : List.<Runnable>of(() -> client.queryValue(select, java.math.BigDecimal.class),
                    () -> client.queryRows(select).get(0).getBigDecimal("score"), () -> copied.getBigDecimal("score"))) {
                assertThatThrownBy(read::run).isInstanceOf(DecodeException.class)
                        .hasMessage("row 1, column \"score\" (numeric) cannot be read as java.math.BigDecimal: the value "
                                + "is NaN or infinite, which BigDecimal cannot represent; read it as Double");
            }
            assertThat(client.queryValue(select, Double.class)).isNaN();
        }
    }

    @Test
    void shouldReadInfiniteTimestampsAndDatesAsTheJavaTimeExtremes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            String select = "SELECT 'infinity'::timestamptz AS late, '-infinity'::timestamptz AS early, "
                    + "'infinity'::date AS last_day";
            Row queried = client.queryRows(select).get(0);
            Row copied;
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query(select))) {
                copied = rows.findFirst().orElseThrow();
            }
            for (Row row : List.of(queried, copied)) {
                assertThat(row.get("late", Instant.class)).isEqualTo(Instant.MAX);
                assertThat(row.get("early", Instant.class)).isEqualTo(Instant.MIN);
                assertThat(row.getLocalDate("last_day")).isEqualTo(LocalDate.MAX);
            }
            assertThat(client.queryValue("SELECT 'infinity'::timestamptz", Instant.class)).isEqualTo(Instant.MAX);
        }
    }
}
