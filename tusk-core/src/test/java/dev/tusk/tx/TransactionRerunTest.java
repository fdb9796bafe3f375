package dev.tusk.tx;

import dev.tusk.ConnectionException;
import dev.tusk.DeadlockException;
import dev.tusk.SerializationFailureException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** inTransaction runs its callback again after failures that rolled it back, and says so in its classification. */
@WithPostgres
class TransactionRerunTest {

    private static TuskClient connect(TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().retryDelay(Duration.ofMillis(5))
                .retryMaxDelay(Duration.ofMillis(50)).maxRetries(5).build();
        TuskClient client = Tusk.connect(config);
        client.execute("CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n int NOT NULL)");
        client.execute("INSERT INTO counter VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING");
        return client;
    }

    @Test
    void shouldRunASerializableTransactionAgainAfterASerializationFailure(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            CyclicBarrier bothRead = new CyclicBarrier(2);
            TransactionOptions serializable = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<?> first = threads.submit(() -> increment(client, serializable, runs, bothRead));
                Future<?> second = threads.submit(() -> increment(client, serializable, runs, bothRead));
                first.get(30, TimeUnit.SECONDS);
                second.get(30, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
            // Both increments landed, and one of the two callbacks ran more than once to get there.
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class)).isEqualTo(2);
            assertThat(runs.get()).isGreaterThan(2);
        }
    }

    @Test
    void shouldRunAgainWhenTheCallbacksOwnJdbcStatementMeetsASerializationFailure(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            TransactionOptions serializable = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE);

            int updated = client.inTransaction(serializable, tx -> {
                int run = runs.incrementAndGet();
                try (java.sql.Statement statement = tx.connection().createStatement()) {
                    statement.executeQuery("SELECT n FROM counter WHERE id = 2").close();   // takes the snapshot
                    if (run == 1) {
                        client.execute("UPDATE counter SET n = n + 10 WHERE id = 2");        // commits meanwhile
                    }
                    try {
                        return statement.executeUpdate("UPDATE counter SET n = n + 1 WHERE id = 2");
                    } catch (java.sql.SQLException conflict) {
                        // As jOOQ and Jdbi do: the driver's exception travels as the cause of the program's own.
                        throw new IllegalStateException("the update failed", conflict);
                    }
                }
            });

            assertThat(updated).isEqualTo(1);
            assertThat(runs).hasValue(2);
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 2", Integer.class)).isEqualTo(11);
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(1);

            // Off, or spent: the program's own exception comes back unchanged, its cause the driver's 40001.
            AtomicInteger once = new AtomicInteger();
            assertThatThrownBy(() -> client.inTransaction(serializable.withReruns(false), tx -> {
                once.incrementAndGet();
                try (java.sql.Statement statement = tx.connection().createStatement()) {
                    statement.executeQuery("SELECT n FROM counter WHERE id = 2").close();
                    client.execute("UPDATE counter SET n = n + 10 WHERE id = 2");
                    try {
                        return statement.executeUpdate("UPDATE counter SET n = n + 1 WHERE id = 2");
                    } catch (java.sql.SQLException conflict) {
                        throw new IllegalStateException("the update failed", conflict);
                    }
                }
            })).isExactlyInstanceOf(IllegalStateException.class).hasMessage("the update failed")
                    .cause().isInstanceOfSatisfying(java.sql.SQLException.class,
                            conflict -> assertThat(conflict.getSQLState()).isEqualTo("40001"));
            assertThat(once).hasValue(1);
        }
    }

    private static Integer increment(TuskClient client, TransactionOptions options, AtomicInteger runs,
                                     CyclicBarrier bothRead) throws Exception {
        return client.inTransaction(options, tx -> {
            int run = runs.incrementAndGet();
            int n = tx.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class);
            if (run <= 2) {
                // Both first runs read before either writes, so one of them must fail to serialize.
                bothRead.await(10, TimeUnit.SECONDS);
            }
            return (int) tx.execute("UPDATE counter SET n = ? WHERE id = 1", n + 1);
        });
    }

    @Test
    void shouldReportASerializationFailureAsRolledBackWhenRerunsAreOff(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            CyclicBarrier bothRead = new CyclicBarrier(2);
            TransactionOptions once = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE).withReruns(false);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<?> first = threads.submit(() -> increment(client, once, runs, bothRead));
                Future<?> second = threads.submit(() -> increment(client, once, runs, bothRead));
                Throwable failure = null;
                for (Future<?> outcome : java.util.List.of(first, second)) {
                    try {
                        outcome.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failure = e.getCause();
                    }
                }
                assertThat(failure).isInstanceOfSatisfying(SerializationFailureException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.mayHaveReachedServer()).as("rolled back, so safe to run again").isFalse();
                });
            } finally {
                threads.shutdownNow();
            }
            assertThat(runs.get()).isEqualTo(2);
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldRunATransactionAgainAfterADeadlock(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch bothLocked = new CountDownLatch(2);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<?> forward = threads.submit(() -> lockBoth(client, 1, 2, runs, bothLocked));
                Future<?> backward = threads.submit(() -> lockBoth(client, 2, 1, runs, bothLocked));
                forward.get(30, TimeUnit.SECONDS);
                backward.get(30, TimeUnit.SECONDS);
            } finally {
                threads.shutdownNow();
            }
            assertThat(client.queryValue("SELECT sum(n) FROM counter", Long.class)).isEqualTo(4L);
            assertThat(runs.get()).as("the deadlock's victim ran again").isGreaterThan(2);
        }
    }

    private static Long lockBoth(TuskClient client, int first, int second, AtomicInteger runs,
                                 CountDownLatch bothLocked) throws InterruptedException {
        return client.inTransaction(tx -> {
            int run = runs.incrementAndGet();
            tx.execute("UPDATE counter SET n = n + 1 WHERE id = ?", first);
            if (run <= 2) {
                bothLocked.countDown();
                bothLocked.await(10, TimeUnit.SECONDS);
            }
            return tx.execute("UPDATE counter SET n = n + 1 WHERE id = ?", second);
        });
    }

    @Test
    void shouldRunATransactionAgainWhenItsConnectionIsLostBeforeCommit(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            int result = client.inTransaction(tx -> {
                tx.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
                if (runs.incrementAndGet() == 1) {
                    // The server ends this backend mid-transaction, as an operator or a failover would.
                    tx.queryValue("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
                }
                return tx.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class);
            });
            assertThat(runs.get()).isEqualTo(2);
            assertThat(result).isEqualTo(1);
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldReportALostConnectionAsRolledBackWhenRerunsAreOff(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.inTransaction(TransactionOptions.DEFAULT.withReruns(false), tx -> {
                tx.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
                return tx.queryValue("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
            })).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.isTransient()).isTrue();
                assertThat(e.mayHaveReachedServer()).isFalse();
            });
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class)).isZero();
        }
    }

    @Test
    void shouldNotRunAgainAfterAFailureTheCallerCaused(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> client.inTransaction(tx -> {
                runs.incrementAndGet();
                tx.execute("UPDATE counter SET n = 5 WHERE id = 1");
                return tx.execute("INSERT INTO counter VALUES (1, 0)");
            })).isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                assertThat(e.isTransient()).isFalse();
                assertThat(e.mayHaveReachedServer()).as("the transaction was rolled back").isFalse();
            });
            assertThat(runs.get()).isEqualTo(1);
            assertThat(client.queryValue("SELECT n FROM counter WHERE id = 1", Integer.class)).isZero();
        }
    }

    @Test
    void shouldKeepTheStatementClassificationOutsideTransactions(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.execute("INSERT INTO counter VALUES (1, 0)"))
                    .isInstanceOfSatisfying(UniqueViolationException.class,
                            e -> assertThat(e.mayHaveReachedServer()).isTrue());
        }
    }

    @Test
    void shouldStopRunningAgainAfterMaxRetries(TestDatabase database) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().retryDelay(Duration.ofMillis(1))
                .retryMaxDelay(Duration.ofMillis(5)).maxRetries(2).build();
        try (TuskClient client = Tusk.connect(config)) {
            AtomicInteger runs = new AtomicInteger();
            assertThatThrownBy(() -> client.inTransaction(tx -> {
                runs.incrementAndGet();
                return tx.queryValue("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
            })).isInstanceOf(ConnectionException.class);
            assertThat(runs.get()).as("the first run and maxRetries more").isEqualTo(3);
        }
    }

    @Test
    void shouldNotRunAgainOnADeadlockWhenRerunsAreOff(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            CountDownLatch bothLocked = new CountDownLatch(2);
            TransactionOptions once = TransactionOptions.DEFAULT.withReruns(false);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<Long> forward = threads.submit(() -> client.inTransaction(once, tx -> lockPair(tx, 1, 2, bothLocked)));
                Future<Long> backward = threads.submit(() -> client.inTransaction(once, tx -> lockPair(tx, 2, 1, bothLocked)));
                int deadlocks = 0;
                for (Future<Long> outcome : java.util.List.of(forward, backward)) {
                    try {
                        outcome.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(DeadlockException.class);
                        deadlocks++;
                    }
                }
                assertThat(deadlocks).isEqualTo(1);
            } finally {
                threads.shutdownNow();
            }
            assertThat(client.queryValue("SELECT sum(n) FROM counter", Long.class)).isEqualTo(2L);
        }
    }

    private static long lockPair(Transaction tx, int first, int second, CountDownLatch bothLocked) throws InterruptedException {
        tx.execute("UPDATE counter SET n = n + 1 WHERE id = ?", first);
        bothLocked.countDown();
        bothLocked.await(10, TimeUnit.SECONDS);
        return tx.execute("UPDATE counter SET n = n + 1 WHERE id = ?", second);
    }

    @Test
    void shouldReturnTheUpdateCountOfAWriteThatBroughtBackTheTransactionId(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            long[] counts = client.inTransaction(tx -> new long[] {
                    tx.execute("UPDATE counter SET n = n + 1 -- every row"),
                    tx.execute("UPDATE counter SET n = n + 1 WHERE id = ?", 1),
                    tx.execute("DELETE FROM counter WHERE id = 99;"),
                    tx.execute("INSERT INTO counter VALUES (3, 0)")});
            assertThat(counts).containsExactly(2, 1, 0, 1);
            assertThat(client.queryValue("SELECT sum(n) FROM counter", Long.class)).isEqualTo(3L);
        }
    }
}
