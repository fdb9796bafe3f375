package dev.tusk.batch;

import dev.tusk.NotNullViolationException;
import dev.tusk.Progress;
import dev.tusk.QueryTimeoutException;
import dev.tusk.ReadOnlyTransactionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.query.Sql;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class BatchUpdateTest {

    private static final String INSERT = "INSERT INTO item (id, name) VALUES (?, ?)";

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)");
        return client;
    }

    private static Sql insert(int id) {
        return Sql.of(INSERT, id, "name-" + id);
    }

    /** Inserts of ids 1..count, except that operation {@code duplicateAt} (from 1) inserts id 5 again. */
    private static List<Sql> insertsFailingAt(int count, int duplicateAt) {
        return IntStream.rangeClosed(1, count).mapToObj(id -> insert(id == duplicateAt ? 5 : id)).toList();
    }

    private static long count(TuskClient client) {
        return client.queryValue("SELECT count(*) FROM item", Long.class);
    }

    @Test
    void shouldInsertAThousandRowsAsOneRewrittenJdbcBatch(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Sql> operations = IntStream.rangeClosed(1, 1_000).mapToObj(BatchUpdateTest::insert).toList();
            List<Progress> reports = new ArrayList<>();

            StatementBatchResult result = client.executeBatch(operations, StatementBatchOptions.DEFAULT.withProgress(reports::add));

            assertThat(result.size()).isEqualTo(1_000);
            assertThat(result.jdbcCalls()).isEqualTo(1);
            assertThat(count(client)).isEqualTo(1_000);
            assertThat(client.queryValue("SELECT sum(id) FROM item", Long.class)).isEqualTo(500_500L);
            // Rewritten into multi-row VALUES, PgJDBC reports no count per row; Tusk says so instead of guessing 1.
            assertThat(result.unknownRowCounts()).isPositive();
            assertThat(Arrays.stream(result.rowCounts()))
                    .allMatch(count -> count == 1 || count == StatementBatchResult.UNKNOWN_ROW_COUNT);
            assertThat(reports).last().satisfies(last -> {
                assertThat(last.items()).isEqualTo(1_000);
                assertThat(last.total()).isEqualTo(1_000);
            });
        }
    }

    @Test
    void shouldReturnEachOperationsRowCountInInputOrderForMixedStatements(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            String rename = "UPDATE item SET name = ? WHERE id <= ?";
            List<Sql> operations = List.of(insert(1), insert(2), insert(3),
                    Sql.of(rename, "renamed", 2), Sql.of(rename, "nobody", 0),
                    Sql.of("DELETE FROM item WHERE id = ?", 3));

            StatementBatchResult result = client.executeBatch(operations, StatementBatchOptions.DEFAULT);

            assertThat(result.size()).isEqualTo(6);
            assertThat(result.jdbcCalls()).isEqualTo(3);
            assertThat(result.rowCount(3)).isEqualTo(OptionalLong.of(2));
            assertThat(result.rowCount(4)).isEqualTo(OptionalLong.of(0));
            assertThat(result.rowCount(5)).isEqualTo(OptionalLong.of(1));
            assertThat(client.query("SELECT id || ':' || name FROM item ORDER BY id", String.class))
                    .containsExactly("1:renamed", "2:renamed");
        }
    }

    @Test
    void shouldKeepTheOrderOfOperationsByGroupingOnlyConsecutiveIdenticalSql(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            // Grouping both inserts of id 1 together would run them back to back and fail on the primary key.
            List<Sql> operations = List.of(Sql.of(INSERT, 1, "first"), Sql.of("DELETE FROM item WHERE id = ?", 1),
                    Sql.of(INSERT, 1, "second"), Sql.of(INSERT, 2, "other"),
                    Sql.of("UPDATE item SET name = name || '!' WHERE id = ?", 1));

            StatementBatchResult result = client.executeBatch(operations, StatementBatchOptions.DEFAULT);

            assertThat(result.jdbcCalls()).isEqualTo(4);
            assertThat(client.query("SELECT id || ':' || name FROM item ORDER BY id", String.class))
                    .containsExactly("1:second!", "2:other");
        }
    }

    @Test
    void shouldRollBackEverythingAndNameOperation37WhenATransactionalBatchFails(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            // Batches of 10: operation 37 only fails after operations 1-30 ran, so naming it proves they were replayed.
            StatementBatchOptions options = StatementBatchOptions.DEFAULT.withJdbcBatchSize(10);

            assertThatThrownBy(() -> client.executeBatch(insertsFailingAt(100, 37), options))
                    .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                        assertThat(e.getMessage()).contains("while running: operation 37 of 100: " + INSERT)
                                .doesNotContain("name-").doesNotContain("(5)");
                        assertThat(e.constraint()).isEqualTo("item_pkey");
                        assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                                .contains("none of its 100 operations took effect");
                    });
            assertThat(count(client)).isZero();
        }
    }

    @Test
    void shouldRunAListOfStatementsAllOrNothingWithTheDefaultOptions(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            StatementBatchResult result = client.executeBatch(List.of(
                    Sql.of("INSERT INTO item VALUES (?, ?)", 1, "a"),
                    Sql.of("UPDATE item SET name = ? WHERE id = ?", "b", 1)));
            assertThat(result.rowCounts()).containsExactly(1L, 1L);
            assertThat(result.elapsed()).isPositive();

            assertThatThrownBy(() -> Batches.executeBatch(client.readOnly(), List.of(
                    Sql.of("INSERT INTO item VALUES (?, ?)", 2, "c"))))
                    .isInstanceOf(ReadOnlyTransactionException.class)
                    .hasMessageContaining("operation 1 of 1");
            assertThatThrownBy(() -> Batches.executeBatch(client, List.of(
                    Sql.of("INSERT INTO item VALUES (?, ?)", 2, "c"),
                    Sql.of("INSERT INTO item VALUES (?, ?)", 1, "duplicate"))))
                    .isInstanceOf(UniqueViolationException.class)
                    .hasMessageContaining("operation 2 of 2");
            assertThat(client.query("SELECT id || ':' || name FROM item ORDER BY id", String.class))
                    .containsExactly("1:b");
        }
    }

    @Test
    void shouldKeepEarlierJdbcBatchesAndStopAtTheFailingOneWhenNotTransactional(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Progress> reports = new ArrayList<>();
            StatementBatchOptions options = StatementBatchOptions.DEFAULT.withTransactional(false).withJdbcBatchSize(10)
                    .withProgress(reports::add);

            assertThatThrownBy(() -> client.executeBatch(insertsFailingAt(100, 37), options))
                    .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                        assertThat(e.getMessage()).contains("operation 37 of 100: " + INSERT);
                        assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
                                .contains("operations 1–30 were committed")
                                .contains("operations 31–40, the JDBC batch holding the failure, were rolled back")
                                .contains("operations 41–100 were not run");
                    });
            assertThat(count(client)).isEqualTo(30);
            assertThat(client.queryValue("SELECT max(id) FROM item", Integer.class)).isEqualTo(30);
            assertThat(reports).last().extracting(Progress::items).isEqualTo(30L);
        }
    }

    @Test
    void shouldNameALoneFailingStatementAmongMixedSql(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Sql> operations = List.of(insert(1), insert(2),
                    Sql.of("UPDATE item SET name = ? WHERE id = ?", null, 1), insert(3));

            assertThatThrownBy(() -> client.executeBatch(operations, StatementBatchOptions.DEFAULT))
                    .isInstanceOf(NotNullViolationException.class)
                    .hasMessageContaining("operation 3 of 4: UPDATE item SET name = ? WHERE id = ?");
            assertThat(count(client)).isZero();
        }
    }

    @Test
    void shouldNameTheOperationWhoseParameterCannotBeBound(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Sql> operations = List.of(insert(1), Sql.of(INSERT, 2, List.of(new Object())));

            assertThatThrownBy(() -> client.executeBatch(operations, StatementBatchOptions.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("operation 2 of 2: parameter 2 is an array of java.lang.Object");
            assertThatThrownBy(() -> client.executeBatch(Arrays.asList(insert(1), null), StatementBatchOptions.DEFAULT))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("operation 2 of 2 is null");
            assertThat(count(client)).isZero();
        }
    }

    @Test
    void shouldJoinATransactionAlreadyOpenOnTheCallingThread(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.useTransaction(tx -> {
                tx.execute(INSERT, 1, "outer");
                client.executeBatch(List.of(insert(2), insert(3)), StatementBatchOptions.DEFAULT);
                assertThat(tx.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(3L);
                throw new IllegalStateException("abandon the outer transaction");
            })).hasMessage("abandon the outer transaction");
            assertThat(count(client)).isZero();
        }
    }

    @Test
    void shouldCancelAStatementThatOutlivesTheStatementTimeout(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            long start = System.nanoTime();
            List<Sql> operations = List.of(insert(1), Sql.of("DO $$ BEGIN PERFORM pg_sleep(30); END $$"));

            assertThatThrownBy(() -> client.executeBatch(operations,
                    StatementBatchOptions.DEFAULT.withStatementTimeout(Duration.ofMillis(200))))
                    .isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("operation 2 of 2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(count(client)).isZero();
        }
    }

    @Test
    void shouldReturnAnEmptyResultForNoOperationsWithoutTouchingTheDatabase(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            StatementBatchResult result = client.executeBatch(List.of(), StatementBatchOptions.DEFAULT);

            assertThat(result.size()).isZero();
            assertThat(result.jdbcCalls()).isZero();
        }
    }
}
