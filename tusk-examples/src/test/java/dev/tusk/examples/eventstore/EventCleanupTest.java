package dev.tusk.examples.eventstore;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.metrics.StatementStat;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class EventCleanupTest {

    private static final Duration RETENTION = Duration.ofDays(30);

    /** {@code count} processed events received {@code age} ago, through the import path. */
    private static List<HookEvent> processed(int count, Duration age) {
        Instant received = Instant.now().minus(age);
        return IntStream.range(0, count).mapToObj(n -> EventStoreTest.push(n).receivedAt(received)
                .processedAt(received.plusSeconds(5), List.of())).toList();
    }

    private static long count(TuskClient client, String table) {
        return client.queryValue("SELECT count(*) FROM eventstore." + table, Long.class);
    }

    private static StatementStat deletes(TuskClient client, String table) {
        return client.statementStats().statements().stream()
                .filter(stat -> stat.normalizedSql().startsWith("DELETE FROM \"eventstore\"." + table + " "))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldDeleteExactlyWhatIsPastRetentionInBoundedChunks(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            store.importEvents(processed(12_345, Duration.ofDays(40)), progress -> { });
            store.importEvents(processed(500, Duration.ofDays(1)), progress -> { });
            store.importEvents(IntStream.range(0, 300).mapToObj(n -> EventStoreTest.push(n)
                    .receivedAt(Instant.now().minus(Duration.ofDays(40)))).toList(), progress -> { });
            Instant longAgo = Instant.now().minus(Duration.ofDays(40));
            store.recordMetrics(IntStream.range(0, 7_100).mapToObj(n -> new EventMetric(UUID.randomUUID(),
                    Duration.ofMillis(n % 100), true, null, n < 7_000 ? longAgo : null)).toList());
            List<UUID> oldEnded = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ServiceSession session = store.openSession("receiver", "instance-" + i, null);
                if (i < 5) {
                    store.endSession(session.id());
                }
                if (i < 3 || i == 5) {
                    oldEnded.add(session.id());
                }
            }
            // Sessions 0-2 ended 40 days ago, 3-4 ended now, 5 opened 41 days ago and still active, 6 opened now.
            client.execute("UPDATE eventstore.service_sessions SET session_start = now() - interval '41 days', "
                    + "session_end = CASE WHEN session_end IS NULL THEN NULL ELSE now() - interval '40 days' END "
                    + "WHERE id = ANY(?)", (Object) oldEnded.toArray(UUID[]::new));

            CleanupResult result = store.cleanupOldData(RETENTION, 1_000);

            assertThat(result.hookEventsDeleted()).isEqualTo(12_345);
            assertThat(result.eventMetricsDeleted()).isEqualTo(7_000);
            assertThat(result.sessionsDeleted()).isEqualTo(3);
            assertThat(result.totalDeleted()).isEqualTo(19_348);
            assertThat(result.chunks()).as("13 + 7 + 1 chunks").isEqualTo(21);
            assertThat(result.largestChunk()).isEqualTo(1_000);
            assertThat(result.elapsed()).isPositive();
            assertThat(count(client, "hook_events")).as("recent and unprocessed events stay").isEqualTo(800);
            assertThat(count(client, "event_metrics")).isEqualTo(100);
            assertThat(count(client, "service_sessions")).isEqualTo(4);
            assertThat(client.queryValue("SELECT count(*) FROM eventstore.hook_events WHERE NOT processed", Long.class))
                    .isEqualTo(300);
            // Each DELETE the client sent removed at most a chunk: 13 for 12,345 events, 8 for 7,000 metrics (the
            // last finding none left), 1 for the sessions.
            StatementStat eventDeletes = deletes(client, "hook_events");
            assertThat(eventDeletes.calls()).isEqualTo(13);
            assertThat(eventDeletes.rows()).isEqualTo(12_345);
            assertThat(deletes(client, "event_metrics").calls()).isEqualTo(8);
            assertThat(deletes(client, "service_sessions").calls()).isEqualTo(1);

            CleanupResult again = store.cleanupOldData(RETENTION, 1_000);
            assertThat(again.totalDeleted()).isZero();
            assertThat(again.chunks()).isZero();
            assertThat(again.largestChunk()).isZero();
        }
    }

    @Test
    void shouldStepOverARowAWriterHoldsLockedInsteadOfWaitingForIt(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            List<HookEvent> backlog = processed(3_000, Duration.ofDays(40));
            store.importEvents(backlog, progress -> { });
            UUID held = backlog.get(1_234).id();
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread writer = Thread.ofVirtual().start(() -> client.useTransaction(tx -> {
                tx.execute("SELECT 1 FROM eventstore.hook_events WHERE id = ? FOR UPDATE", held);
                locked.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

            CleanupResult whileHeld;
            try {
                whileHeld = store.cleanupOldData(RETENTION, 500);
            } finally {
                release.countDown();
                writer.join();
            }

            // It returned while the lock was still held (the writer waits for release), without the locked row.
            assertThat(whileHeld.hookEventsDeleted()).isEqualTo(2_999);
            assertThat(store.find(held)).isPresent();
            assertThat(store.cleanupOldData(RETENTION, 500).hookEventsDeleted()).isEqualTo(1);
            assertThat(count(client, "hook_events")).isZero();
        }
    }

    @Test
    void shouldLetWritersContinueWhileItCleansALargeBacklog(TestDatabase database) throws Exception {
        int backlogSize = 100_000;
        int writers = 4;
        int eventsPerWrite = 5;
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            store.importEvents(processed(backlogSize, Duration.ofDays(40)), progress -> { });

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong cleanupStart = new AtomicLong(Long.MAX_VALUE);
            AtomicLong cleanupEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong writesDuringCleanup = new AtomicLong();
            AtomicLong longestWriteNanos = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] perWriterDuringCleanup = new long[writers];
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (!stop.get()) {
                            List<HookEvent> batch = IntStream.range(0, eventsPerWrite)
                                    .mapToObj(EventStoreTest::push).toList();
                            long began = System.nanoTime();
                            store.storeBatch(batch);
                            long ended = System.nanoTime();
                            acknowledged.addAndGet(eventsPerWrite);
                            if (began >= cleanupStart.get() && ended <= cleanupEnd.get()) {
                                writesDuringCleanup.incrementAndGet();
                                perWriterDuringCleanup[writer]++;
                                longestWriteNanos.accumulateAndGet(ended - began, Math::max);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            // Lock waits of any session in this database, sampled on a connection of its own while cleanup runs.
            AtomicLong lockWaitSamples = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            Thread sampler = Thread.ofPlatform().start(() -> {
                try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                    while (!stop.get()) {
                        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks l JOIN "
                                + "pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted "
                                + "AND a.datname = current_database()")) {
                            rows.next();
                            samples.incrementAndGet();
                            lockWaitSamples.addAndGet(rows.getLong(1));
                        }
                        Thread.sleep(10);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            Thread.sleep(300);   // let the writers get going first

            cleanupStart.set(System.nanoTime());
            CleanupResult result = store.cleanupOldData(RETENTION, 1_000);
            cleanupEnd.set(System.nanoTime());
            Thread.sleep(200);
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            sampler.join(30_000);

            assertThat(failure.get()).isNull();
            assertThat(result.hookEventsDeleted()).isEqualTo(backlogSize);
            assertThat(result.chunks()).isEqualTo(100);
            assertThat(result.largestChunk()).isEqualTo(1_000);
            // Every writer stored events while the cleanup ran, none of them was held up for long, and no session
            // of the database was ever seen waiting for a lock.
            assertThat(perWriterDuringCleanup).as("writes per writer during %s ms of cleanup",
                    result.elapsed().toMillis()).doesNotContain(0L);
            assertThat(Duration.ofNanos(longestWriteNanos.get())).isLessThan(Duration.ofSeconds(5));
            assertThat(samples.get()).isPositive();
            assertThat(lockWaitSamples.get()).isZero();
            // Nothing a writer stored was taken by the cleanup: the new events are unprocessed.
            assertThat(count(client, "hook_events")).isEqualTo(acknowledged.get());
            System.out.printf("cleanup of %,d events in %d ms: %d writes (%d events each) completed during it, "
                            + "longest %.1f ms, %d lock-wait samples of %d%n", backlogSize, result.elapsed().toMillis(),
                    writesDuringCleanup.get(), eventsPerWrite, longestWriteNanos.get() / 1e6, lockWaitSamples.get(),
                    samples.get());
        }
    }
}
