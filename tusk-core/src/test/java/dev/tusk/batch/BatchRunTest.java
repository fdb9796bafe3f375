package dev.tusk.batch;

import dev.tusk.Progress;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.query.Sql;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class BatchRunTest {

    private static final String INSERT = "INSERT INTO item (id, name) VALUES (?, ?)";

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)");
        return client;
    }

    private static List<Integer> ids(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    @Test
    void shouldRunAtMostConcurrencyUnitsAtOnceAndIsolateFailingItems(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            for (int taken : List.of(50, 120, 199)) {
                client.execute(INSERT, taken, "already there");
            }
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostRunning = new AtomicInteger();
            // The first units wait here until four run together: proof that four can, without timing anything.
            CountDownLatch fourTogether = new CountDownLatch(4);
            AtomicBoolean sawFourTogether = new AtomicBoolean();
            List<Progress> reports = Collections.synchronizedList(new ArrayList<>());

            ItemsResult<Integer, Long> result = client.processItems(ids(200), (chunk, db) -> {
                mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    if (fourTogether.getCount() > 0) {
                        fourTogether.countDown();
                        sawFourTogether.compareAndSet(false, fourTogether.await(10, TimeUnit.SECONDS));
                    }
                    return db.execute(INSERT, chunk.getFirst(), "new");
                } finally {
                    running.decrementAndGet();
                }
            }, ItemOptions.DEFAULT.withConcurrency(4).withProgress(reports::add));

            assertThat(sawFourTogether).isTrue();
            assertThat(mostRunning).hasValue(4);
            assertThat(result.total()).isEqualTo(200);
            assertThat(result.processed()).isEqualTo(200);
            assertThat(result.succeeded()).isEqualTo(197);
            assertThat(result.failed()).isEqualTo(3);
            assertThat(result.successRate()).isEqualTo(98.5);
            assertThat(result.timedOut()).isFalse();
            assertThat(result.failures()).extracting(ItemOutcome::index).containsExactly(50, 120, 199);
            assertThat(result.failures()).allSatisfy(failed ->
                    assertThat(failed.failure()).isInstanceOf(UniqueViolationException.class));
            assertThat(result.outcomes().get(7)).isEqualTo(new ItemOutcome.Succeeded<>(7, 7, 1L));
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(200L);
            assertThat(reports).hasSize(201);
            assertThat(reports).extracting(Progress::items).isSorted().endsWith(200L);
            assertThat(reports).allSatisfy(progress -> assertThat(progress.total()).isEqualTo(200));
            assertThat(reports.getLast().itemsPerSecond()).isPositive();
        }
    }

    @Test
    void shouldGiveEachChunkToOneUnitAndFailItsItemsTogether(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute(INSERT, 60, "already there");

            ItemsResult<Integer, Integer> result = client.processItems(ids(100), (chunk, db) -> {
                List<Sql> inserts = chunk.stream().map(id -> Sql.of(INSERT, id, "new")).toList();
                return Batches.executeBatch(db, inserts, StatementBatchOptions.DEFAULT).size();
            }, ItemOptions.DEFAULT.withChunkSize(25).withConcurrency(2));

            assertThat(result.failed()).isEqualTo(25);
            assertThat(result.failures()).extracting(ItemOutcome::index)
                    .containsExactlyElementsOf(IntStream.range(50, 75).boxed().toList());
            assertThat(result.failures()).extracting(ItemOutcome.Failed::failure).containsOnly(
                    result.failures().getFirst().failure());
            assertThat(result.outcomes()).filteredOn(ItemOutcome.Succeeded.class::isInstance)
                    .hasSize(75)
                    .allSatisfy(outcome -> assertThat(((ItemOutcome.Succeeded<?, ?>) outcome).value()).isEqualTo(25));
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(76L);
        }
    }

    @Test
    void shouldReportUnfinishedItemsAndReturnSoonAfterTheTimeout(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            long start = System.nanoTime();

            ItemsResult<Integer, String> result = client.processItems(ids(20),
                    (chunk, db) -> db.queryValue("SELECT pg_sleep(30)::text", String.class),
                    ItemOptions.DEFAULT.withConcurrency(2).withTimeout(Duration.ofMillis(500)));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(result.timedOut()).isTrue();
            assertThat(result.interrupted()).isEqualTo(2);
            assertThat(result.notRun()).isEqualTo(18);
            assertThat(result.processed()).isZero();
            assertThat(result.successRate()).isZero();
            assertThat(result.outcomes().subList(0, 2)).allMatch(ItemOutcome.Interrupted.class::isInstance);
            assertThat(result.outcomes().subList(2, 20)).allMatch(ItemOutcome.NotRun.class::isInstance);
            assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void shouldCarryOnWhenTheProgressListenerThrows(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            ItemsResult<Integer, Long> result = client.processItems(ids(10),
                    (chunk, db) -> db.execute(INSERT, chunk.getFirst(), "new"),
                    ItemOptions.DEFAULT.withProgress(progress -> {
                        throw new IllegalStateException("a broken progress bar");
                    }));

            assertThat(result.allSucceeded()).isTrue();
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(10L);
        }
    }

    @Test
    void shouldReturnAnEmptyResultForNoItems(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            List<Progress> reports = new ArrayList<>();

            ItemsResult<Integer, Long> result = client.processItems(List.of(),
                    (chunk, db) -> db.execute(INSERT, chunk.getFirst(), "new"),
                    ItemOptions.DEFAULT.withProgress(reports::add));

            assertThat(result.total()).isZero();
            assertThat(result.successRate()).isEqualTo(100.0);
            assertThat(reports).singleElement().extracting(Progress::items).isEqualTo(0L);
        }
    }
}
