package dev.tusk.copy;

import dev.tusk.CheckViolationException;
import dev.tusk.ConnectionException;
import dev.tusk.CopyException;
import dev.tusk.Progress;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code copyIn(…).parallelism(n)}: one load over n connections, each with its own COPY and transaction, all or
 * nothing. This class runs on a server without prepared transactions (max_prepared_transactions = 0), so the streams
 * commit one after another; {@link ParallelCopyInTwoPhaseTest} runs the same tests where they commit in two phases.
 */
@WithPostgres
@Timeout(120)
class ParallelCopyInTest {

    private static final List<String> COLUMNS = List.of("id", "name", "score");

    /** Whether the server of this class allows prepared transactions, so that the commit is two-phase. */
    boolean twoPhase() {
        return false;
    }

    private static TuskClient connect(TestDatabase database, int poolMaxSize) {
        TuskClient client = Tusk.connect(TuskConfig.builder().url(database.url()).poolMinSize(1)
                .poolMaxSize(poolMaxSize).acquireTimeout(Duration.ofSeconds(2)).build());
        client.execute("DROP TABLE IF EXISTS p");
        client.execute("CREATE TABLE p (id bigint PRIMARY KEY, name text, score float8 CHECK (score >= 0))");
        return client;
    }

    /** Rows 1..count: id i, name "n" + i, score i / 2. */
    private static RowSource<RuntimeException> rows(long count) {
        long[] next = {0};
        return row -> {
            if (next[0] == count) {
                return false;
            }
            long i = ++next[0];
            row.write(i).write("n" + i).write(i * 0.5);
            return true;
        };
    }

    /**
     * {@code source}, slowed to about 2 ms per 500 rows, so that every stream takes part in a small load: at full speed
     * the first stream to start can send every chunk of 20,000 rows before the second one's thread has run.
     */
    private static RowSource<RuntimeException> paced(RowSource<RuntimeException> source) {
        long[] count = {0};
        return row -> {
            if (++count[0] % 500 == 0) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return source.next(row);
        };
    }

    private static List<Object[]> rowList(int count) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 1; i <= count; i++) {
            rows.add(new Object[] {i, "n" + i, i * 0.5});
        }
        return rows;
    }

    /** No row of any stream kept, no prepared transaction left, and no backend of the load still busy. */
    private static void assertNothingLeft(TuskClient client, long rowsBefore) {
        assertThat(client.queryValue("SELECT count(*) FROM p", Long.class)).isEqualTo(rowsBefore);
        assertThat(client.queryValue("SELECT count(*) FROM pg_prepared_xacts", Long.class)).isZero();
        // A terminated backend shows as active until it has exited, which pg_terminate_backend does not wait for.
        String busy = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND state NOT IN ('idle') AND backend_type = 'client backend'";
        // The client's own background work (the audit writer recording the replacement connection) can be busy for a
        // moment too, so a moment with none busy is what shows that no stream of the load is left running.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long stillBusy = client.queryValue(busy, Long.class);
        while (stillBusy > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
            stillBusy = client.queryValue(busy, Long.class);
        }
        assertThat(stillBusy).as("backends still busy 10 s after the load failed").isZero();
    }

    @Test
    void shouldLoadExactlyTheSourceRowsAtOneTwoAndFourConnections(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            long count = 200_000;
            for (int n : new int[] {1, 2, 4}) {
                client.execute("TRUNCATE p");
                List<Progress> reports = new CopyOnWriteArrayList<>();
                // The smallest flush size deals hundreds of chunks, so every stream gets many of them.
                CopyResult result = client.copy().copyIn("p").columns(COLUMNS).parallelism(n)
                        .flushBytes(CopyIn.MIN_FLUSH_BYTES).progressEveryRows(50_000).progress(reports::add)
                        .from(rows(count));

                assertThat(result.rows()).as("parallelism %d", n).isEqualTo(count);
                assertThat(client.queryValue("SELECT count(*) FROM p", Long.class)).isEqualTo(count);
                assertThat(client.queryValue("SELECT sum(id)::int8 FROM p", Long.class)).isEqualTo(count * (count + 1) / 2);
                String loaded = client.queryValue("SELECT md5(string_agg(id || ':' || name || ':' || score, ',' "
                        + "ORDER BY id)) FROM p", String.class);
                String source = client.queryValue("SELECT md5(string_agg(i || ':n' || i || ':' || (i * 0.5)::float8, "
                        + "',' ORDER BY i)) FROM generate_series(1, " + count + ") AS i", String.class);
                assertThat(loaded).as("parallelism %d", n).isEqualTo(source);
                assertThat(reports).extracting(Progress::items).contains(50_000L, 100_000L, 150_000L);
                assertThat(reports.getLast().items()).isEqualTo(count);
            }
            assertNothingLeft(client, count);
        }
    }

    @Test
    void shouldNameTheLoadsRowOfABadValueAndKeepNothing(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            List<Object[]> rows = rowList(100_000);
            rows.set(77_776, new Object[] {77_777L, "bad", "abc"});

            assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(4)
                    .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(rows))
                    .isInstanceOfSatisfying(CopyException.class, e -> {
                        assertThat(e).hasMessageStartingWith("row 77777, column \"score\" (float8): cannot encode "
                                + "java.lang.String");
                        assertThat(e.rowNumber()).isEqualTo(77_777);
                        assertThat(e.column()).isEqualTo("score");
                    });
            assertNothingLeft(client, 0);
        }
    }

    @Test
    void shouldRollEveryStreamBackOnAUniqueViolationWithAPreExistingRowNamingItsRow(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            client.execute("INSERT INTO p VALUES (150000, 'already here', 1)");

            assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(4)
                    .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(rows(200_000)))
                    .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                        assertThat(e.getMessage()).contains("of 4 of a parallel COPY, at row 150000 of the load: ");
                        assertThat(e.constraint()).isEqualTo("p_pkey");
                    });
            assertNothingLeft(client, 1);
        }
    }

    @Test
    void shouldRollEveryStreamBackOnACheckViolationNamingItsRow(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            long[] next = {0};
            RowSource<RuntimeException> source = row -> {
                if (next[0] == 150_000) {
                    return false;
                }
                long i = ++next[0];
                row.write(i).write("n" + i).write(i == 123_456 ? -1.0 : i * 0.5);
                return true;
            };

            assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(3)
                    .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(source))
                    .isInstanceOf(CheckViolationException.class)
                    .hasMessageContaining("of 3 of a parallel COPY, at row 123456 of the load: ");
            assertNothingLeft(client, 0);
        }
    }

    @Test
    void shouldRollEveryStreamBackWhenOneStreamsBackendIsTerminated(TestDatabase database) {
        try (TuskClient client = connect(database, 4); TuskClient admin = connect(database, 1)) {
            long[] next = {0};
            int[] terminated = {0};
            RowSource<RuntimeException> source = row -> {
                if (next[0] == 400_000) {
                    return false;
                }
                long i = ++next[0];
                if (i == 100_000) {
                    // One stream's backend ends mid-load, as a server-side kill or a crash of that backend would.
                    terminated[0] = admin.queryValue("SELECT count(*)::int FROM (SELECT pg_terminate_backend(pid) "
                            + "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY %' "
                            + "AND pid <> pg_backend_pid() LIMIT 1) AS killed", Integer.class);
                }
                row.write(i).write("n" + i).write(i * 0.5);
                return true;
            };

            assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(4)
                    .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(source))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("of 4 of a parallel COPY");
            assertThat(terminated[0]).isEqualTo(1);
            assertNothingLeft(client, 0);
            // The pool replaced the dead connection: a full-width load works again.
            assertThat(client.copy().copyIn("p").columns(COLUMNS).parallelism(4).from(rows(10_000)).rows())
                    .isEqualTo(10_000);
        }
    }

    @Test
    void shouldFailRatherThanWaitForeverWhenRowsOfTheLoadShareAKeyAcrossStreams(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            long[] next = {0};
            // Ids 1..50,000 twice: the second copy of a key lands on another stream than the first, whose
            // transaction stays open until the whole load ends, so the server would make that stream wait forever.
            RowSource<RuntimeException> source = row -> {
                if (next[0] == 100_000) {
                    return false;
                }
                long i = ++next[0];
                long id = i > 50_000 ? i - 50_000 : i;
                row.write(id).write("n" + id).write(id * 0.5);
                return true;
            };

            assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(2)
                    .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(source))
                    .isInstanceOfSatisfying(TuskException.class, e ->
                            assertThat(e.sqlState()).isIn("23505", "40P01"));
            assertNothingLeft(client, 0);
        }
    }

    @Test
    void shouldCancelAStreamWhoseWritesAreBlockedWhenAnotherStreamFails(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database, 2);
             TuskClient other = Tusk.connect(TuskConfig.builder().url(database.url()).poolMaxSize(2).build())) {
            // Another session holds ids 1..1000 in an open transaction, so each stream's backend waits on its first
            // rows and stops reading; the stream threads then block in socket writes once the buffers are full.
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch loadEnded = new CountDownLatch(1);
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    other.inTransaction(tx -> {
                        tx.execute("INSERT INTO p SELECT g, 'held', 0 FROM generate_series(1, 1000) AS g");
                        holding.countDown();
                        // Long enough that a load waiting for this transaction to end could not pass the test.
                        loadEnded.await(60, TimeUnit.SECONDS);
                        throw new IllegalStateException("rolled back on purpose");
                    });
                } catch (IllegalStateException | InterruptedException expected) {
                    // Rolled back: the held rows are gone again.
                }
            });
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            AtomicLong produced = new AtomicLong();
            String padding = "x".repeat(1000);
            RowSource<RuntimeException> source = row -> {
                long i = produced.incrementAndGet();
                if (i > 2_000_000) {
                    return false;
                }
                row.write(i % 1000 + 1).write(padding).write(1.0);
                return true;
            };
            long[] cancelledAt = {0};
            Thread canceller = Thread.ofVirtual().start(() -> {
                long seen = -1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    long now = produced.get();
                    Integer waiting = other.queryValue("SELECT count(*)::int FROM pg_stat_activity WHERE datname = "
                            + "current_database() AND query LIKE 'COPY %' AND wait_event_type = 'Lock'", Integer.class);
                    if (now > 0 && now == seen && waiting == 2) {
                        // The producer has stalled: every stream's writes are blocked. Cancel one stream's backend.
                        cancelledAt[0] = System.nanoTime();
                        other.queryValue("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = "
                                + "current_database() AND query LIKE 'COPY %' AND wait_event_type = 'Lock' LIMIT 1",
                                Boolean.class);
                        return;
                    }
                    seen = now;
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });

            try {
                assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(2)
                        .flushBytes(CopyIn.MIN_FLUSH_BYTES).from(source))
                        .isInstanceOfSatisfying(TuskException.class, e ->
                                assertThat(e.sqlState()).isEqualTo("57014"));
            } finally {
                loadEnded.countDown();
            }
            long afterCancel = System.nanoTime() - cancelledAt[0];
            canceller.join();
            holder.join();
            assertThat(cancelledAt[0]).as("a stream was cancelled while every stream was blocked").isPositive();
            // The other stream is cancelled at once, not left waiting for the holding transaction to end.
            assertThat(Duration.ofNanos(afterCancel)).isLessThan(Duration.ofSeconds(30));
            assertNothingLeft(client, 0);
        }
    }

    @Test
    void shouldCommitAllStreamsOrSayExactlyWhichCommittedWhenACommitFails(TestDatabase database) {
        try (TuskClient client = connect(database, 4)) {
            // A deferred check that fails at commit once another transaction's rows of p are committed: with commits
            // one after another the second stream's commit fails; prepared transactions are not visible until all
            // are committed, so with two-phase commit every stream passes.
            client.execute("""
                    CREATE FUNCTION p_alone() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF current_setting('tusk_test.checked', true) = 'y' THEN RETURN NULL; END IF;
                        PERFORM set_config('tusk_test.checked', 'y', true);
                        IF EXISTS (SELECT 1 FROM p WHERE xmin::text::int8 <> txid_current() % 4294967296) THEN
                            RAISE EXCEPTION 'rows of another transaction are already committed';
                        END IF;
                        RETURN NULL;
                    END $$""");
            client.execute("CREATE CONSTRAINT TRIGGER p_alone AFTER INSERT ON p DEFERRABLE INITIALLY DEFERRED "
                    + "FOR EACH ROW EXECUTE FUNCTION p_alone()");

            CopyIn load = client.copy().copyIn("p").columns(COLUMNS).parallelism(2).flushBytes(CopyIn.MIN_FLUSH_BYTES);
            if (twoPhase()) {
                assertThat(load.from(paced(rows(20_000))).rows()).isEqualTo(20_000);
                assertThat(client.queryValue("SELECT count(*) FROM p", Long.class)).isEqualTo(20_000);
                assertThat(client.queryValue("SELECT count(*) FROM pg_prepared_xacts", Long.class)).isZero();
                return;
            }
            assertThatThrownBy(() -> load.from(paced(rows(20_000))))
                    .isInstanceOf(CopyException.class)
                    .hasMessageMatching("(?s)the parallel COPY into public\\.p is only partly committed: streams \\[1\\] "
                            + "committed \\d+ rows before stream 2 failed to commit, .*rows of another transaction are "
                            + "already committed.*");
            long kept = client.queryValue("SELECT count(*) FROM p", Long.class);
            assertThat(kept).isBetween(1L, 19_999L);
            assertThat(client.queryValue("SELECT count(*) FROM pg_prepared_xacts", Long.class)).isZero();
        }
    }

    @Test
    void shouldRefuseParallelismInsideATransactionAndOutsideThePool(TestDatabase database) {
        try (TuskClient client = connect(database, 3)) {
            assertThatThrownBy(() -> client.inTransaction(tx -> tx.copy().copyIn("p").parallelism(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("parallelism(2) needs 2 connections, each with a transaction of its own, but this COPY "
                            + "into \"p\" runs inside a transaction, which is one connection; use parallelism 1 here, "
                            + "or the client's copy() outside the transaction");
            long inTransaction = client.inTransaction(tx -> tx.copy().copyIn("p").columns(COLUMNS).parallelism(1)
                    .from(rows(10)).rows());
            assertThat(inTransaction).isEqualTo(10);
            assertThatThrownBy(() -> client.copy().copyIn("p").parallelism(4))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parallelism must not exceed the pool's poolMaxSize (3), but was 4");
            assertThatThrownBy(() -> client.copy().copyIn("p").parallelism(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parallelism must be at least 1, but was 0");
        }
    }

    @Test
    void shouldFailClearlyRatherThanStallWhenThePoolCannotLendEveryStreamAConnection(TestDatabase database) {
        try (TuskClient client = connect(database, 2)) {
            // The caller's own transaction holds one of the two connections the load needs.
            client.inTransaction(tx -> {
                tx.execute("SELECT 1");
                assertThatThrownBy(() -> client.copy().copyIn("p").columns(COLUMNS).parallelism(2).from(rows(10)))
                        .isInstanceOf(CopyException.class)
                        .hasMessageStartingWith("a parallel COPY into \"p\" with parallelism 2 needs 2 connections at "
                                + "once, but got only 1 (poolMaxSize 2, the rest in use): ");
                return null;
            });
            assertNothingLeft(client, 0);
            assertThat(client.copy().copyIn("p").columns(COLUMNS).parallelism(2).from(rows(10)).rows()).isEqualTo(10);
        }
    }
}
