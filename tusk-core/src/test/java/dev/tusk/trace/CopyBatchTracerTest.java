package dev.tusk.trace;

import dev.tusk.ProgressListener;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.batch.ItemsResult;
import dev.tusk.batch.ItemOptions;
import dev.tusk.batch.Batches;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyIn;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.CsvOptions;
import dev.tusk.pool.PoolHooks;
import dev.tusk.query.Sql;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tracer hears every COPY path and both batch paths end, with their rows, bytes, items and failures. */
@WithPostgres
class CopyBatchTracerTest {

    /** Records COPY and batch ends as lines. */
    static final class Recording implements TuskTracer {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> bytes = new CopyOnWriteArrayList<>();

        @Override
        public void copyFinished(String target, boolean in, long rows, long bytes, long nanos, Throwable failure) {
            assertThat(nanos).isPositive();
            this.bytes.add(bytes);
            events.add("copy " + (in ? "in " : "out ") + target + " rows=" + rows
                    + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
        }

        @Override
        public void batchFinished(long items, long failedItems, long nanos) {
            assertThat(nanos).isPositive();
            events.add("batch items=" + items + " failed=" + failedItems);
        }
    }

    private static TuskClient connect(TestDatabase database, TuskTracer tracer) {
        return Tusk.connect(TuskConfig.fromUrl(database.url()), PoolHooks.NONE, tracer);
    }

    @Test
    void shouldHearBinaryAndCsvCopyInWithRowsAndBytes(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = connect(database, tracer)) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, name text)");
            client.copy().copyIn("item", List.of("id", "name"), List.of(new Object[]{1, "a"}, new Object[]{2, "b"}));
            client.copy().copyIn("item").columns(List.of("id", "name")).from(List.<Object[]>of(new Object[]{3, "c"}));
            client.inTransaction(tx -> tx.copy().copyIn("item").columns(List.of("id", "name"))
                    .from(List.<Object[]>of(new Object[]{4, "d"})));
            client.copy().copyInCsv("item", List.of("id", "name"), new StringReader("5,e\n6,f\n"), CsvOptions.csv(),
                    ProgressListener.NONE);
            assertThatThrownBy(() -> client.copy().copyInCsv("item", List.of("id", "name"),
                    new StringReader("7,g\n1,dup\n"), CsvOptions.csv(), ProgressListener.NONE))
                    .isInstanceOf(UniqueViolationException.class);
            assertThat(tracer.events).containsExactly("copy in item rows=2", "copy in item rows=1",
                    "copy in item rows=1", "copy in item rows=2", "copy in item rows=0 UniqueViolationException");
            assertThat(tracer.bytes).allMatch(sent -> sent > 0);
            assertThat(tracer.bytes.get(3)).isEqualTo("5,e\n6,f\n".length());
        }
    }

    @Test
    void shouldHearCopyOutAsRowsAndAsCsvWithoutTheQueryText(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = connect(database, tracer)) {
            client.execute("CREATE TABLE item AS SELECT g AS id FROM generate_series(1, 5) g");
            try (Stream<Integer> ids = client.copy().copyOut(CopyOutSource.table("item"), Integer.class)) {
                assertThat(ids.toList()).hasSize(5);
            }
            try (Stream<Integer> ids = client.copy().copyOut(CopyOutSource.query("SELECT id FROM item WHERE id > 2"),
                    Integer.class)) {
                assertThat(ids.limit(1).toList()).containsExactly(3);
            }
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            client.copy().copyOutCsv(CopyOutSource.table("item"), csv, CsvOptions.csv(), ProgressListener.NONE);
            assertThat(tracer.events).containsExactly("copy out item rows=5", "copy out query rows=1",
                    "copy out item rows=5");
            assertThat(tracer.bytes.get(0)).isPositive();
            assertThat(tracer.bytes.get(2)).isEqualTo(csv.size());
        }
    }

    @Test
    void shouldHearBatchesEndWithTheItemsThatFailed(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = connect(database, tracer)) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY)");
            client.executeBatch(List.of(Sql.of("INSERT INTO item VALUES (?)", 1), Sql.of("INSERT INTO item VALUES (?)", 2)),
                    StatementBatchOptions.DEFAULT);
            assertThatThrownBy(() -> Batches.executeBatch(client, List.of(Sql.of("INSERT INTO item VALUES (?)", 3),
                    Sql.of("INSERT INTO item VALUES (?)", 1)), StatementBatchOptions.DEFAULT))
                    .isInstanceOf(UniqueViolationException.class);
            ItemsResult<Integer, Long> run = client.processItems(List.of(10, 11, 1),
                    (chunk, db) -> db.execute("INSERT INTO item VALUES (?)", chunk.getFirst()), ItemOptions.DEFAULT);
            assertThat(run.failed()).isEqualTo(1);
            assertThat(tracer.events).containsExactly("batch items=2 failed=0", "batch items=2 failed=2",
                    "batch items=3 failed=1");
        }
    }
}
