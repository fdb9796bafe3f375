package dev.tusk.copy;

import dev.tusk.CopyException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a COPY can fail cancels it: the table keeps none of the call's rows (even those already sent), and the
 * one pooled connection comes back idle and usable, the same backend as before.
 */
@WithPostgres
class CopyInFailureTest {

    private static final List<String> COLUMNS = List.of("id", "name", "score");

    record Measurement(long id, String name, double score) {
    }

    record Partial(long id, String name) {
    }

    /** A client with exactly one connection, so a broken connection would show as a new backend pid. */
    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(TuskConfig.builder().url(database.url()).poolMinSize(1).poolMaxSize(1).build());
        client.execute("CREATE TABLE m (id bigint PRIMARY KEY, name text, score float8, small int2)");
        client.execute("INSERT INTO m (id, name, score) VALUES (-1, 'kept', 0), (-2, 'kept', 0)");
        return client;
    }

    private static int backendPid(TuskClient client) {
        return client.queryValue("SELECT pg_backend_pid()", Integer.class);
    }

    /** The table holds only the two rows it started with, and the same idle connection serves the next statement. */
    private static void assertUnchangedAndHealthy(TuskClient client, int pidBefore) {
        assertThat(client.queryValue("SELECT count(*) FROM m", Long.class)).isEqualTo(2);
        assertThat(backendPid(client)).as("the same connection, back in the pool").isEqualTo(pidBefore);
        assertThat(client.queryValue("SELECT current_setting('transaction_isolation')", String.class)).isNotNull();
        assertThat(client.queryValue("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                + "current_database() AND pid <> pg_backend_pid() AND state <> 'idle'", Long.class)).isZero();
    }

    private static List<Object[]> goodRows(int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(new Object[] {(long) i, "name " + i, i * 0.5});
        }
        return rows;
    }

    @Test
    void shouldNameRowColumnTypeAndJavaTypeOfAValueThatDoesNotFitAndKeepNoRows(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            List<Object[]> rows = goodRows(10_000);
            rows.set(5811, new Object[] {5812L, "bad", "abc"});

            // A small flush size sends thousands of good rows before the bad one; the cancel must discard them too.
            assertThatThrownBy(() -> client.copy().copyIn("m").columns(COLUMNS).flushBytes(CopyIn.MIN_FLUSH_BYTES).from(rows))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessage("row 5812, column \"score\" (float8): cannot encode java.lang.String \"abc\"");
                        assertThat(e.rowNumber()).isEqualTo(5812);
                        assertThat(e.column()).isEqualTo("score");
                        assertThat(e.table()).isEqualTo("m");
                        assertThat(e.sqlState()).isEqualTo("42804");
                    });
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseIntegersThatOverflowTheColumnBoxedOrNot(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("m", List.of("id", "small"), List.<Object[]>of(
                    new Object[] {1L, 5}, new Object[] {2L, 70_000})))
                    .isInstanceOf(CopyException.class)
                    .hasMessage("row 2, column \"small\" (int2): cannot encode java.lang.Integer 70000 "
                            + "(out of range for int2: -32768 to 32767)");
            assertUnchangedAndHealthy(client, pid);

            assertThatThrownBy(() -> client.copy().copyIn("m", List.of("id", "small"), row -> row.write(1L).write(-40_000L) != null))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessage("row 1, column \"small\" (int2): cannot encode long -40000 "
                                + "(out of range for int2: -32768 to 32767)");
                        assertThat(e.sqlState()).isEqualTo("22003");
                    });
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseUnknownAndHostileTableNamesWithoutRunningThem(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE x (id int)");
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("nope", COLUMNS, goodRows(1)))
                    .isInstanceOf(UndefinedTableException.class)
                    .hasMessageStartingWith("table \"nope\" does not exist");
            assertThatThrownBy(() -> client.copy().copyIn("users; DROP TABLE x", COLUMNS, goodRows(1)))
                    .isInstanceOf(UndefinedTableException.class)
                    .hasMessageStartingWith("table \"users; DROP TABLE x\" does not exist");
            assertThatThrownBy(() -> client.copy().copyIn("m (id) FROM STDIN; DROP TABLE x; --", COLUMNS, goodRows(1)))
                    .isInstanceOf(UndefinedTableException.class);
            assertThatThrownBy(() -> client.copy().copyIn("a.b.c.d", COLUMNS, goodRows(1)))
                    .isInstanceOf(UndefinedTableException.class)
                    .hasMessageStartingWith("table \"a.b.c.d\" does not exist");
            assertThat(client.tableExists("x")).isTrue();
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseUnknownDuplicateAndHostileColumnNamesNamingTheTableAndItsColumns(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("m", List.of("id", "nme"), goodRows(1)))
                    .isInstanceOf(UndefinedColumnException.class)
                    .hasMessage("column \"nme\" does not exist in table public.m; its columns are id, name, score, small");
            assertThatThrownBy(() -> client.copy().copyIn("m", List.of("id", "name\") FROM STDIN; DROP TABLE m; --"), goodRows(1)))
                    .isInstanceOf(UndefinedColumnException.class);
            assertThatThrownBy(() -> client.copy().copyIn("m", List.of("id", "ID", "name"), goodRows(1)))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessage("column \"id\" is listed twice for the COPY into public.m");
                        assertThat(e.sqlState()).isEqualTo("42701");
                    });
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseRowsWithTheWrongNumberOfValues(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            List<Object[]> rows = goodRows(3);
            rows.set(1, new Object[] {2L, "short"});
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, rows))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessage("row 2 has 2 values, but the COPY into public.m has 3 columns "
                                + "(id, name, score)");
                        assertThat(e.rowNumber()).isEqualTo(2);
                    });
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, row -> row.write(1L).write("a").write(1.0).write(2) != null))
                    .isInstanceOf(CopyException.class)
                    .hasMessageStartingWith("row 1: more values were written than the 3 columns");
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, row -> row.write(1L) == null))
                    .isInstanceOf(CopyException.class)
                    .hasMessageContaining("wrote 1 of 3 values and then said there were no more rows");
            long[] calls = {0};
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, row -> {
                row.write(++calls[0]).write("x");
                return true;
            })).isInstanceOf(CopyException.class).hasMessageStartingWith("row 1 has 2 values");
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseRowsThatAreNeitherRecordsNorArraysAndRecordsMissingAColumn(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, List.of("just a string")))
                    .isInstanceOf(CopyException.class)
                    .hasMessage("row 1: the row is a java.lang.String; rows must be records (matched to columns by name) "
                            + "or Object[] (by position)");
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, List.of(new Partial(1, "a"))))
                    .isInstanceOf(CopyException.class)
                    .hasMessage("row 1: record Partial has no component for column \"score\"; its components are id, "
                            + "name (names match ignoring case and underscores)");
            List<Object> mixed = new ArrayList<>(List.of(new Measurement(1, "a", 1)));
            mixed.add(null);
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, mixed))
                    .isInstanceOf(CopyException.class).hasMessage("row 2: the row is null");
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldCancelAndRethrowTheSourcesOwnExceptionUnchanged(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            IllegalStateException boom = new IllegalStateException("feed broke");
            Iterator<Measurement> failing = LongStream.rangeClosed(1, 50_000).mapToObj(i -> {
                if (i == 30_000) {
                    throw boom;
                }
                return new Measurement(i, "n", i);
            }).iterator();
            assertThatThrownBy(() -> client.copy().copyIn("m").columns(COLUMNS).flushBytes(CopyIn.MIN_FLUSH_BYTES).from(failing))
                    .isSameAs(boom);
            assertUnchangedAndHealthy(client, pid);

            IOException io = new IOException("disk gone");
            long[] next = {0};
            RowSource<IOException> source = row -> {
                if (++next[0] == 20_000) {
                    throw io;
                }
                row.write(next[0]).write("n").write(1.0);
                return true;
            };
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, source)).isSameAs(io);
            assertThatThrownBy(() -> client.copy().copyIn("m").columns(COLUMNS).from(java.util.stream.Stream.generate(() -> {
                throw new UncheckedIOException(io);
            }))).isInstanceOf(UncheckedIOException.class).hasCause(io);
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldCancelOnAServerSideFailureAndMapIt(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            List<Object[]> rows = goodRows(20_000);
            rows.set(15_000, new Object[] {-1L, "duplicate of a kept row", 0.0});
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, rows))
                    .isInstanceOfSatisfying(UniqueViolationException.class,
                            e -> assertThat(e.constraint()).isEqualTo("m_pkey"));
            client.execute("CREATE TABLE short_name (v varchar(3))");
            assertThatThrownBy(() -> client.copy().copyIn("short_name", List.of("v"), List.<Object[]>of(new Object[] {"abcd"})))
                    .hasMessageContaining("value too long for type character varying(3)");
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseTextTheServerCannotStoreAndMalformedValues(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, List.<Object[]>of(new Object[] {1L, "a\u0000b", 1.0})))
                    .hasMessage("row 1, column \"name\" (text): cannot encode java.lang.String \"a\\u0000b\" "
                            + "(PostgreSQL text cannot hold the NUL character U+0000)");
            assertThatThrownBy(() -> client.copy().copyIn("m", COLUMNS, List.<Object[]>of(new Object[] {1L, "x".repeat(500) + "\uD800", 1.0})))
                    .hasMessageStartingWith("row 1, column \"name\" (text): cannot encode java.lang.String \"xxxx")
                    .hasMessageEndingWith("…\" (501 chars) (holds a lone UTF-16 surrogate, which has no UTF-8 form)");
            client.execute("CREATE TABLE typed (u uuid, n inet, c cidr, t timestamptz, a int4[], d date)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("u"), List.<Object[]>of(new Object[] {"not-a-uuid"})))
                    .hasMessage("row 1, column \"u\" (uuid): cannot encode java.lang.String \"not-a-uuid\" (not a UUID)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("n"), List.<Object[]>of(new Object[] {"example.com"})))
                    .hasMessage("row 1, column \"n\" (inet): cannot encode java.lang.String \"example.com\" (not an IP address)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("c"), List.<Object[]>of(new Object[] {"10.1.0.0/8"})))
                    .hasMessageEndingWith("(has bits set to the right of the /8 mask, which cidr refuses)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("t"), List.<Object[]>of(
                    new Object[] {java.time.LocalDateTime.of(2020, 1, 1, 0, 0)})))
                    .hasMessage("row 1, column \"t\" (timestamptz): cannot encode java.time.LocalDateTime 2020-01-01T00:00");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("a"), List.<Object[]>of(new Object[] {List.of(1, "two")})))
                    .hasMessage("row 1, column \"a\" (int4[]): cannot encode java.lang.String \"two\" (element 2)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("a"), List.<Object[]>of(new Object[] {List.of(List.of(1))})))
                    .hasMessageEndingWith("(element 1 is itself an array; only one-dimensional arrays are supported)");
            assertThatThrownBy(() -> client.copy().copyIn("typed", List.of("d"), List.<Object[]>of(
                    new Object[] {java.time.LocalDate.of(6_000_000, 1, 1)})))
                    .hasMessageEndingWith("(out of range for date: 4714-11-24 BC to 5874897-12-31)");
            assertUnchangedAndHealthy(client, pid);
        }
    }

    @Test
    void shouldRefuseColumnsItCannotEncodeBeforeSendingAnything(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE odd (id int, p point, total int GENERATED ALWAYS AS (id * 2) STORED)");
            int pid = backendPid(client);
            assertThatThrownBy(() -> client.copy().copyIn("odd", List.of("id", "p"), List.<Object[]>of(new Object[] {1, null})))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessageStartingWith("column \"p\" of table public.odd has type point, which "
                                + "Tusk's binary COPY cannot encode; supported: bool, int2");
                        assertThat(e.sqlState()).isEqualTo("0A000");
                    });
            assertThatThrownBy(() -> client.copy().copyIn("odd", List.of("id", "total"), List.<Object[]>of(new Object[] {1, 2})))
                    .isInstanceOf(CopyException.class)
                    .hasMessage("column \"total\" of table public.odd is a generated column and cannot be copied into");
            assertThat(client.queryValue("SELECT count(*) FROM odd", Long.class)).isZero();
            assertUnchangedAndHealthy(client, pid);
        }
    }
}
