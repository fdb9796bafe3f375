package dev.tusk.copy;

import dev.tusk.QueryException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedColumnException;
import dev.tusk.UndefinedTableException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class CopyOutStreamTest {

    private static final String ACTIVE_COPIES = "SELECT count(*) FROM pg_stat_activity "
            + "WHERE query LIKE 'COPY%' AND state <> 'idle' AND pid <> pg_backend_pid()";

    record Order(long id, String customerName, BigDecimal total, OffsetDateTime placedAt) {
    }

    /** One pooled connection, so every statement after a COPY runs on the very connection the COPY used. */
    private static TuskClient singleConnectionClient(TestDatabase database) {
        return Tusk.connect(TuskConfig.fromUrl(database.url()).toBuilder().poolMinSize(1).poolMaxSize(1)
                .acquireTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void shouldStreamManyRowsAndReturnTheConnectionAtTheEnd(TestDatabase database) {
        try (TuskClient client = singleConnectionClient(database)) {
            long count = 0;
            long sum = 0;
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query(
                    "SELECT i AS id, 'row ' || i AS label, i * 0.5 AS half FROM generate_series(1, 300000) i"))) {
                Iterator<Row> iterator = rows.iterator();
                while (iterator.hasNext()) {
                    Row row = iterator.next();
                    count++;
                    sum += row.getLong("id");
                    if (row.getLong("id") == 123_456) {
                        assertThat(row.getString("label")).isEqualTo("row 123456");
                        assertThat(row.getBigDecimal("half")).isEqualByComparingTo("61728");
                    }
                }
                // Read to the end, the connection is already back: the single pooled connection is free.
                assertThat(client.queryValue(ACTIVE_COPIES, Long.class)).isZero();
            }
            assertThat(count).isEqualTo(300_000);
            assertThat(sum).isEqualTo(300_000L * 300_001 / 2);
            assertThat(client.queryValue("SELECT 42", Integer.class)).isEqualTo(42);
        }
    }

    @Test
    void shouldCancelTheCopyAndReturnAHealthyConnectionWhenClosedEarly(TestDatabase database) {
        try (TuskClient client = singleConnectionClient(database)) {
            List<Long> firstFive;
            // 50 million rows produced as they are read (one generate_series alone would be materialized first).
            try (Stream<Long> ids = client.copy().copyOut(CopyOutSource.query("SELECT a * 100000 + b AS i "
                    + "FROM generate_series(0, 499) a CROSS JOIN generate_series(1, 100000) b"), Long.class)) {
                firstFive = ids.limit(5).toList();
            }
            assertThat(firstFive).hasSize(5).doesNotContainNull();
            // The same connection answers the next statements in step, with no cancel error or stale result left.
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            assertThat(client.queryValue("SELECT 2", Integer.class)).isEqualTo(2);
            assertThat(client.queryValue(ACTIVE_COPIES, Long.class)).isZero();
            try (Stream<Row> again = client.copyOut(CopyOutSource.query("SELECT 7 AS seven"))) {
                assertThat(again.findFirst().orElseThrow().getInt("seven")).isEqualTo(7);
            }
        }
    }

    @Test
    void shouldCopyChosenColumnsOfATableIntoRecords(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE \"Sales Orders\" (id bigint, customer_name text, total numeric(10,2), "
                    + "placed_at timestamptz, secret text)");
            client.execute("INSERT INTO \"Sales Orders\" VALUES (1, 'Ann', 10.50, '2024-01-02 03:04:05+00', 'x'), "
                    + "(2, NULL, 0, '2024-01-03 00:00:00+00', 'y')");
            List<Order> orders;
            try (Stream<Order> stream = client.copy().copyOut(CopyOutSource.table("public.\"Sales Orders\"",
                    List.of("placed_at", "TOTAL", "customer_name", "id")), Order.class)) {
                orders = stream.sorted(java.util.Comparator.comparingLong(Order::id)).toList();
            }
            assertThat(orders).containsExactly(
                    new Order(1, "Ann", new BigDecimal("10.50"), OffsetDateTime.parse("2024-01-02T03:04:05Z")),
                    new Order(2, null, new BigDecimal("0.00"), OffsetDateTime.parse("2024-01-03T00:00:00Z")));
            try (Stream<Row> rows = client.copyOut(CopyOutSource.table("\"Sales Orders\""))) {
                assertThat(rows.findFirst().orElseThrow().columnNames())
                        .containsExactly("id", "customer_name", "total", "placed_at", "secret");
            }
        }
    }

    @Test
    void shouldRefuseHostileAndUnknownNamesBeforeCopying(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE orders (id int, qty int)");
            assertThatThrownBy(() -> client.copyOut(CopyOutSource.table("orders; DROP TABLE orders")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("table name \"orders; DROP TABLE orders\" is not an identifier");
            assertThatThrownBy(() -> client.copyOut(CopyOutSource.table("missing")))
                    .isInstanceOf(UndefinedTableException.class)
                    .hasMessage("table \"missing\" does not exist (or is not on the search_path)");
            assertThatThrownBy(() -> client.copyOut(CopyOutSource.table("orders", List.of("id", "qty\"; --"))))
                    .isInstanceOf(UndefinedColumnException.class)
                    .hasMessage("column \"qty\"; --\" does not exist in table public.orders; its columns are [id, qty]");
            assertThat(client.tableExists("orders")).isTrue();
            assertThat(client.queryValue(ACTIVE_COPIES, Long.class)).isZero();
        }
    }

    @Test
    void shouldReportAFailureInTheMiddleOfTheCopyAndStayUsable(TestDatabase database) {
        try (TuskClient client = singleConnectionClient(database)) {
            AtomicLong seen = new AtomicLong();
            assertThatThrownBy(() -> {
                try (Stream<Row> rows = client.copyOut(CopyOutSource.query(
                        "SELECT 10 / (5000 - i) AS n FROM generate_series(1, 10000) i"))) {
                    rows.forEach(row -> seen.incrementAndGet());
                }
            }).isInstanceOf(QueryException.class).hasMessageContaining("division by zero")
                    .hasMessageContaining("[SQLSTATE 22012]");
            assertThat(seen.get()).isLessThan(5000);
            assertThat(client.queryValue("SELECT 3", Integer.class)).isEqualTo(3);
        }
    }

    @Test
    void shouldCloseTheCopyWhenTheMapperThrows(TestDatabase database) {
        try (TuskClient client = singleConnectionClient(database)) {
            assertThatThrownBy(() -> {
                try (Stream<Integer> rows = client.copy().copyOut(CopyOutSource.query(
                        "SELECT i FROM generate_series(1, 1000000) i"), row -> {
                            if (row.getInt("i") == 10) {
                                throw new IllegalStateException("mapper gave up at 10");
                            }
                            return row.getInt("i");
                        })) {
                    rows.forEach(i -> { });
                }
            }).isInstanceOf(IllegalStateException.class).hasMessage("mapper gave up at 10");
            assertThat(client.queryValue("SELECT 4", Integer.class)).isEqualTo(4);
            assertThat(client.queryValue(ACTIVE_COPIES, Long.class)).isZero();
        }
    }

    @Test
    void shouldRefuseAStatementThatReturnsNoRows(TestDatabase database) {
        try (TuskClient client = singleConnectionClient(database)) {
            client.execute("CREATE TABLE t (id int)");
            assertThatThrownBy(() -> client.copyOut(CopyOutSource.query("DELETE FROM t")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("COPY out needs a query that returns columns, but this one returns none: DELETE FROM t");
            assertThatThrownBy(() -> CopyOutSource.query("  ")).isInstanceOf(IllegalArgumentException.class);
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT 1 AS one;  "))) {
                assertThat(rows.toList()).hasSize(1);
            }
            assertThat(client.queryValue("SELECT 5", Integer.class)).isEqualTo(5);
        }
    }
}
