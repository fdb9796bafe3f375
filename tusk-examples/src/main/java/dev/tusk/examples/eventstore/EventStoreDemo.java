package dev.tusk.examples.eventstore;

import dev.tusk.ProgressListener;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyResult;
import dev.tusk.query.Json;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The event store's part of {@code tusk demo}: a transaction, a bulk load through binary COPY, a streamed query, a
 * fault survived and a cleanup while writers continue, all on the event store's tables. It works in a schema of its
 * own, dropped at the end, so it leaves a user's database as it found it.
 */
public final class EventStoreDemo {

    /** Events stored in the first step's transaction. */
    public static final int BATCH_EVENTS = 2_000;
    /** Archived events loaded through COPY: 60 days, 1,500 a day. */
    public static final int ARCHIVE_EVENTS = 90_000;
    /** What cleanup keeps. */
    public static final Duration RETENTION = Duration.ofDays(30);
    /** Rows per cleanup chunk. */
    public static final int CLEANUP_CHUNK_ROWS = 5_000;

    private static final String[] SOURCES = {"github", "gitlab", "stripe", "slack"};
    private static final String[] ACTIONS = {"push", "opened", "closed", "paid", "message"};
    private static final int ARCHIVE_DAYS = 60;
    private static final int WRITERS = 4;

    /** Shows the progress of a load while it runs, e.g. as a progress bar; the CLI passes its own. */
    @FunctionalInterface
    public interface LoadDisplay {

        /** A display that shows nothing. */
        LoadDisplay NONE = (label, totalRows, load) -> load.apply(ProgressListener.NONE);

        /** Runs {@code load} with a listener that shows its progress under {@code label}, and clears it afterwards. */
        CopyResult show(String label, long totalRows, Function<ProgressListener, CopyResult> load);
    }

    private final TuskClient client;
    private final PrintWriter out;
    private final LoadDisplay display;
    private final EventStore store;

    private EventStoreDemo(TuskClient client, PrintWriter out, LoadDisplay display, String schema) {
        this.client = client;
        this.out = out;
        this.display = display;
        this.store = EventStore.of(client, schema);
    }

    /**
     * Runs the event store's steps against {@code client}, printing to {@code out}, numbered from 1, and drops the
     * demo's schema afterwards whatever happens; returns the number of steps printed.
     */
    public static int run(TuskClient client, PrintWriter out, LoadDisplay display) {
        String schema = "tusk_demo_eventstore_" + ProcessHandle.current().pid();
        EventStoreDemo demo = new EventStoreDemo(client, out, display, schema);
        try {
            demo.transaction();
            demo.bulkLoad();
            demo.streamedQuery();
            demo.faultSurvived();
            demo.cleanupWhileWriting();
            return 5;
        } finally {
            client.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        }
    }

    private static HookEvent event(long n) {
        String source = SOURCES[(int) (n % SOURCES.length)];
        String action = ACTIONS[(int) (n % ACTIONS.length)];
        return HookEvent.of(source, action, "repository", "repo-" + (n % 97),
                Json.of("{\"delivery\": " + n + ", \"ref\": \"refs/heads/main\", \"commits\": " + (n % 7)
                        + ", \"sender\": {\"login\": \"user-" + (n % 13) + "\"}}"));
    }

    private void transaction() {
        step("1. A transaction: the event store's schema from its Flyway migrations, then " + BATCH_EVENTS
                + " hook events stored all or nothing");
        int migrations = store.migrate();
        out.printf("   %d migrations applied to schema %s: hook_events, service_sessions, event_metrics%n", migrations,
                store.schema());
        ServiceSession session = store.openSession("tusk-demo", "pid-" + ProcessHandle.current().pid(), null);
        long started = System.nanoTime();
        long stored = store.storeBatch(IntStream.range(0, BATCH_EVENTS).mapToObj(EventStoreDemo::event).toList());
        out.printf("   committed %d events in %d ms, written by session %s%n", stored,
                (System.nanoTime() - started) / 1_000_000, session.id());
        record BySource(String source, long events, long actions) {
        }
        List<BySource> bySource = client.query("SELECT source, count(*) AS events, count(DISTINCT action) AS actions "
                + "FROM \"" + store.schema() + "\".hook_events GROUP BY source ORDER BY source", BySource.class);
        out.printf("   %-8s %7s %8s%n", "source", "events", "actions");
        for (BySource row : bySource) {
            out.printf("   %-8s %7d %8d%n", row.source(), row.events(), row.actions());
        }
        List<HookEvent> refused = new ArrayList<>(IntStream.range(BATCH_EVENTS, BATCH_EVENTS + 100)
                .mapToObj(EventStoreDemo::event).toList());
        refused.set(42, refused.get(42).withMetadata(Json.of("{\"raw\": \"" + "x".repeat(60_000) + "\"}")));
        try {
            store.storeBatch(refused);
        } catch (EventValidationException e) {
            out.println("   a batch of 100 with one 60 KB document was refused before anything was sent:");
            out.println("     " + e.getMessage());
        }
        out.printf("   hook_events still holds %d events%n", count("hook_events"));
    }

    private void bulkLoad() {
        step(String.format(Locale.ROOT, "2. A bulk load: %,d archived events of the last %d days through typed "
                + "binary COPY, each validated as it streams", ARCHIVE_EVENTS, ARCHIVE_DAYS));
        Instant now = Instant.now();
        Iterable<HookEvent> archive = () -> IntStream.range(0, ARCHIVE_EVENTS).mapToObj(n -> archived(n, now)).iterator();
        CopyResult loaded = display.show("   loading", ARCHIVE_EVENTS,
                progress -> store.importEvents(archive, progress));
        out.printf(Locale.ROOT, "   loaded %,d events (%.1f MB) in %.2f s: %,.0f rows/s%n", loaded.rows(),
                loaded.bytes() / 1e6, loaded.elapsed().toNanos() / 1e9, loaded.rowsPerSecond());
        long started = System.nanoTime();
        List<EventMetric> metrics = IntStream.range(0, ARCHIVE_EVENTS).filter(EventStoreDemo::archivedProcessed)
                .mapToObj(n -> {
                    HookEvent event = archived(n, now);
                    return new EventMetric(event.id(), Duration.ofMillis(n % 250), !failedOnce(n),
                            failedOnce(n) ? "broker unavailable" : null, event.processedAt());
                }).toList();
        long recorded = store.recordMetrics(metrics);
        out.printf(Locale.ROOT, "   recorded %,d processing metrics for them with bulkInsert in %.2f s%n", recorded,
                (System.nanoTime() - started) / 1e9);
    }

    /** Archived event {@code n}: received {@code n % 60} days and 12 hours before {@code now}; 9 in 10 processed. */
    private static HookEvent archived(int n, Instant now) {
        Instant received = now.minus(Duration.ofDays(n % ARCHIVE_DAYS)).minus(Duration.ofHours(12));
        HookEvent like = event(n);
        // A fixed id per n, so the metrics recorded for it below can name it.
        HookEvent event = new HookEvent(new UUID(0x5eedL, n), like.source(), like.action(), like.resource(),
                like.resourceId(), like.payload(), null, false, List.of(), 0, received, null);
        return archivedProcessed(n) ? event.processedAt(received.plusMillis(n % 250),
                failedOnce(n) ? List.of("broker unavailable", "published on retry") : List.of()) : event;
    }

    /** Whether archived event {@code n} met an error while processed: 1 in 50, all of them processed. */
    private static boolean failedOnce(int n) {
        return n % 50 == 1;
    }

    private static boolean archivedProcessed(int n) {
        return n % 10 != 0;
    }

    private void streamedQuery() {
        step("3. A streamed query: every event through a server-side cursor, in constant memory");
        long started = System.nanoTime();
        long[] totals = new long[4];   // events, processed, with errors, payload bytes
        client.forEach("SELECT processed, cardinality(processing_errors) AS errors, octet_length(payload::text) AS bytes "
                + "FROM \"" + store.schema() + "\".hook_events", row -> new long[]{row.getBoolean("processed") ? 1 : 0,
                row.getInt("errors"), row.getInt("bytes")}, row -> {
            totals[0]++;
            totals[1] += row[0];
            totals[2] += row[1] > 0 ? 1 : 0;
            totals[3] += row[2];
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "   read %,d events in %.2f s (%,.0f rows/s): %,d processed (%,d with errors), "
                        + "%,d waiting; payloads average %d bytes%n", totals[0], seconds, totals[0] / seconds,
                totals[1], totals[2], totals[0] - totals[1], totals[3] / Math.max(1, totals[0]));
    }

    private void faultSurvived() {
        step("4. A fault survived: every connection is killed while " + WRITERS
                + " writers store events in batches of 10");
        List<UUID> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failed = new AtomicLong();
        List<ServiceSession> sessions = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            sessions.add(store.openSession("tusk-demo-writer", "writer-" + w, null));
        }
        long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() - stopAt < 0) {
                    List<HookEvent> batch = IntStream.range(0, 10)
                            .mapToObj(i -> event(ThreadLocalRandom.current().nextInt(1_000_000))).toList();
                    try {
                        // A transaction: re-run after a lost connection, its lost COMMIT resolved by the server.
                        store.storeBatch(batch);
                        batch.forEach(event -> acknowledged.add(event.id()));
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        sleep(700);
        long killed = client.queryValue("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM "
                + "pg_stat_activity WHERE application_name = current_setting('application_name') "
                + "AND pid <> pg_backend_pid()) killed", Long.class);
        out.printf("   killed %d server connections of this client mid-work%n", killed);
        join(writers);
        for (ServiceSession session : sessions) {
            store.endSession(session.id());
        }
        long found = client.queryValue("SELECT count(*) FROM \"" + store.schema() + "\".hook_events WHERE id = ANY(?)",
                Long.class, (Object) acknowledged.toArray(UUID[]::new));
        var stats = client.resilienceStats();
        out.printf("   %d batches committed, %d failed; %d transactions re-run, %d lost COMMITs resolved%n",
                acknowledged.size() / 10, failed.get(), stats.transactionReruns(), stats.commitsResolved());
        out.printf("   every acknowledged event is stored once: %d of %d found%n", found, acknowledged.size());
        out.printf("   %d writer sessions ended; active sessions now: %d%n", sessions.size(),
                store.activeSessions().size());
    }

    private void cleanupWhileWriting() {
        step(String.format(Locale.ROOT, "5. Cleanup while writers continue: processed events, metrics and ended "
                + "sessions older than %d days, in chunks of %,d rows, each its own transaction",
                RETENTION.toDays(), CLEANUP_CHUNK_ROWS));
        long before = count("hook_events");
        AtomicLong written = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong longestNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            writers.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    List<HookEvent> batch = IntStream.range(0, 10)
                            .mapToObj(i -> event(ThreadLocalRandom.current().nextInt(1_000_000))).toList();
                    long began = System.nanoTime();
                    try {
                        store.storeBatch(batch);
                        written.addAndGet(batch.size());
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                    longestNanos.accumulateAndGet(System.nanoTime() - began, Math::max);
                }
            }));
        }
        CleanupResult result;
        long meanwhile;
        try {
            sleep(100);   // the writers are under way before the cleanup starts
            long writtenBefore = written.get();
            result = store.cleanupOldData(RETENTION, CLEANUP_CHUNK_ROWS);
            meanwhile = written.get() - writtenBefore;
        } finally {
            stop.set(true);
            join(writers);
        }
        out.printf(Locale.ROOT, "   deleted %,d processed events, %,d metrics and %,d ended sessions in %d chunks "
                        + "(largest %,d rows) in %d ms%n", result.hookEventsDeleted(), result.eventMetricsDeleted(),
                result.sessionsDeleted(), result.chunks(), result.largestChunk(), result.elapsed().toMillis());
        out.printf(Locale.ROOT, "   2 writers stored %,d events meanwhile (%d batches failed); the longest batch "
                + "took %d ms%n", meanwhile, failed.get(), longestNanos.get() / 1_000_000);
        out.printf(Locale.ROOT, "   hook_events: %,d before, %,d after (unprocessed and recent events stay)%n", before,
                count("hook_events"));
    }

    private long count(String table) {
        return client.queryValue("SELECT count(*) FROM \"" + store.schema() + "\"." + table, Long.class);
    }

    private void step(String title) {
        out.println();
        out.println(title);
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
