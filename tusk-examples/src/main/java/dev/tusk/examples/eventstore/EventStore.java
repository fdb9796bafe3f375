package dev.tusk.examples.eventstore;

import dev.tusk.ProgressListener;
import dev.tusk.Row;
import dev.tusk.TuskClient;
import dev.tusk.copy.CopyResult;
import dev.tusk.query.Json;
import org.flywaydb.core.Flyway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The event store recipe: hook events, the service sessions that write them and per-event processing metrics, in
 * one schema over a {@link TuskClient}. Every write is checked against {@link EventLimits} first, so a refused
 * event, session or metric sends nothing to the database, and a refused batch stores none of its events.
 * Thread-safe: it holds nothing but the client and the schema name.
 */
public final class EventStore {

    /** The schema the tables live in unless another is named: {@code eventstore}. */
    public static final String DEFAULT_SCHEMA = "eventstore";
    /** The most rows one cleanup DELETE removes unless told otherwise. */
    public static final int DEFAULT_CLEANUP_CHUNK_ROWS = 5_000;
    /** The Flyway location of the migrations that create the schema. */
    public static final String MIGRATIONS = "classpath:db/eventstore";

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final List<String> EVENT_COLUMNS = List.of("id", "source", "action", "resource", "resource_id",
            "payload", "metadata", "processed", "processing_errors", "retry_count", "created_at", "processed_at");
    private static final int CREATED_AT = EVENT_COLUMNS.indexOf("created_at");
    private static final List<String> UNTIMED_EVENT_COLUMNS = EVENT_COLUMNS.stream()
            .filter(column -> !column.equals("created_at")).toList();
    private static final List<String> METRIC_COLUMNS = List.of("event_id", "processing_time_ms", "published",
            "error_message", "created_at");
    private static final Json EMPTY_OBJECT = Json.of("{}");

    private final TuskClient client;
    private final String schema;
    private final String events;
    private final String sessions;
    private final String metrics;

    private EventStore(TuskClient client, String schema) {
        this.client = Objects.requireNonNull(client, "client");
        if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL name (letters, digits, _; at most 63), "
                    + "but was " + (schema == null ? "null" : "\"" + schema + "\""));
        }
        this.schema = schema;
        this.events = "\"" + schema + "\".hook_events";
        this.sessions = "\"" + schema + "\".service_sessions";
        this.metrics = "\"" + schema + "\".event_metrics";
    }

    /** An event store in the {@link #DEFAULT_SCHEMA} schema; call {@link #migrate()} before the first use. */
    public static EventStore of(TuskClient client) {
        return new EventStore(client, DEFAULT_SCHEMA);
    }

    /** An event store in {@code schema}, created by {@link #migrate()} if missing. */
    public static EventStore of(TuskClient client, String schema) {
        return new EventStore(client, schema);
    }

    /** The schema this store's tables live in. */
    public String schema() {
        return schema;
    }

    /** Creates or upgrades the schema with the Flyway migrations in {@link #MIGRATIONS}; returns how many ran. */
    public int migrate() {
        return Flyway.configure()
                .dataSource(client.dataSource())
                .locations(MIGRATIONS)
                .schemas(schema)
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /** Stores one event; refused with {@link EventValidationException} before anything is sent if it breaks a limit. */
    public void store(HookEvent event) {
        EventLimits.check(event, -1);
        client.execute("INSERT INTO " + events + " (" + String.join(", ", EVENT_COLUMNS) + ") VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?::timestamptz, now()), ?::timestamptz)",
                event.id(), event.source(), event.action(), event.resource(), event.resourceId(), event.payload(),
                metadataOf(event), event.processed(), event.processingErrors().toArray(String[]::new),
                event.retryCount(), event.createdAt(), event.processedAt());
    }

    /**
     * Stores {@code batch} in one transaction, all or none: every event is checked first (and ids must not repeat),
     * then they go in through {@code bulkInsert} (multi-row INSERTs, or binary COPY from 1,000 events). Returns the
     * number stored. Safe to re-run after a lost connection, as {@code inTransaction} may.
     */
    public long storeBatch(List<HookEvent> batch) {
        Objects.requireNonNull(batch, "batch");
        Map<UUID, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            HookEvent event = batch.get(i);
            EventLimits.check(event, i);
            Integer first = seen.putIfAbsent(event.id(), i);
            if (first != null) {
                throw new EventValidationException("hook event at index " + i + " (id " + event.id()
                        + "): id repeats the id of the event at index " + first, "id", i);
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        boolean noneTimed = batch.stream().allMatch(event -> event.createdAt() == null);
        boolean someUntimed = batch.stream().anyMatch(event -> event.createdAt() == null);
        return client.inTransaction(tx -> {
            if (noneTimed) {
                // The column default gives every row the transaction's time, without a round trip to ask for it.
                List<Object[]> rows = new ArrayList<>(batch.size());
                for (HookEvent event : batch) {
                    Object[] row = row(event, null);
                    rows.add(withoutCreatedAt(row));
                }
                return tx.copy().bulkInsert(events, UNTIMED_EVENT_COLUMNS, rows).rows();
            }
            // now() is the transaction's start time, the value the column default would give the untimed rows.
            Instant now = someUntimed ? tx.queryValue("SELECT now()", Instant.class) : null;
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (HookEvent event : batch) {
                rows.add(row(event, now));
            }
            return tx.copy().bulkInsert(events, EVENT_COLUMNS, rows).rows();
        });
    }

    /**
     * Loads {@code events} through binary COPY, checking each as it is read: any refusal cancels the COPY and the
     * table keeps none of them. For imports too large to hold in memory; {@code progress} hears how far it has come.
     */
    public CopyResult importEvents(Iterable<HookEvent> events, ProgressListener progress) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(progress, "progress");
        Iterator<HookEvent> source = events.iterator();
        Instant now = client.queryValue("SELECT now()", Instant.class);
        int[] index = {0};
        return client.copy().copyIn(this.events).columns(EVENT_COLUMNS).progress(progress).from(row -> {
            if (!source.hasNext()) {
                return false;
            }
            HookEvent event = source.next();
            EventLimits.check(event, index[0]++);
            for (Object value : row(event, now)) {
                row.write(value);
            }
            return true;
        });
    }

    /** The event with {@code id}, if stored. */
    public Optional<HookEvent> find(UUID id) {
        return client.queryOptional("SELECT * FROM " + events + " WHERE id = ?", EventStore::event, id);
    }

    /** Up to {@code limit} unprocessed events, oldest first: the processing queue. */
    public List<HookEvent> unprocessed(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
        }
        return client.query("SELECT * FROM " + events + " WHERE NOT processed ORDER BY created_at LIMIT ?",
                EventStore::event, limit);
    }

    /**
     * Marks event {@code id} processed now, with the {@code errors} processing met (empty for none); returns false
     * when no unprocessed event has that id.
     */
    public boolean markProcessed(UUID id, List<String> errors) {
        Objects.requireNonNull(id, "id");
        EventLimits.checkErrors(id, errors);
        return client.execute("UPDATE " + events + " SET processed = true, processed_at = greatest(now(), created_at), "
                + "processing_errors = ? WHERE id = ? AND NOT processed", errors.toArray(String[]::new), id) == 1;
    }

    /** Opens a session for an instance of {@code serviceName}; {@code instanceId} and {@code metadata} may be null. */
    public ServiceSession openSession(String serviceName, String instanceId, Json metadata) {
        EventLimits.checkSession(serviceName, instanceId, metadata);
        return client.queryOne("INSERT INTO " + sessions + " (id, service_name, instance_id, metadata) "
                        + "VALUES (?, ?, ?, ?) RETURNING *", EventStore::session, UUID.randomUUID(), serviceName,
                instanceId, metadata == null ? EMPTY_OBJECT : metadata);
    }

    /** Ends session {@code id} now; returns false when no active session has that id. */
    public boolean endSession(UUID id) {
        Objects.requireNonNull(id, "id");
        return client.execute("UPDATE " + sessions + " SET status = 'ended', session_end = greatest(now(), "
                + "session_start), updated_at = now() WHERE id = ? AND status = 'active'", id) == 1;
    }

    /** The active sessions, most recently opened first. */
    public List<ServiceSession> activeSessions() {
        return client.query("SELECT * FROM " + sessions + " WHERE status = 'active' ORDER BY session_start DESC, id",
                EventStore::session);
    }

    /** Records how processing one event went; refused before anything is sent if it breaks a limit. */
    public void recordMetric(EventMetric metric) {
        EventLimits.check(metric, -1);
        client.execute("INSERT INTO " + metrics + " (" + String.join(", ", METRIC_COLUMNS) + ") VALUES "
                + "(?, ?, ?, ?, coalesce(?::timestamptz, now()))", metricRow(metric, null));
    }

    /** Records {@code batch} all or none, each checked first, through {@code bulkInsert}; returns the number recorded. */
    public long recordMetrics(List<EventMetric> batch) {
        Objects.requireNonNull(batch, "batch");
        for (int i = 0; i < batch.size(); i++) {
            EventLimits.check(batch.get(i), i);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        // One transaction, so that a failure past the first 1,000-row INSERT leaves none of the batch behind.
        boolean anyUntimed = batch.stream().anyMatch(metric -> metric.recordedAt() == null);
        return client.inTransaction(tx -> {
            Instant now = anyUntimed ? tx.queryValue("SELECT now()", Instant.class) : null;
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (EventMetric metric : batch) {
                rows.add(metricRow(metric, now));
            }
            return tx.copy().bulkInsert(metrics, METRIC_COLUMNS, rows).rows();
        });
    }

    /** {@link #cleanupOldData(Duration, int)} in chunks of {@link #DEFAULT_CLEANUP_CHUNK_ROWS} rows. */
    public CleanupResult cleanupOldData(Duration retention) {
        return cleanupOldData(retention, DEFAULT_CLEANUP_CHUNK_ROWS);
    }

    /**
     * Deletes what is older than {@code retention}: processed events received before the cutoff, metrics recorded
     * before it, and sessions ended before it. Each table is emptied in DELETEs of at most {@code chunkRows} rows,
     * each its own short transaction that skips rows other transactions hold locked rather than waiting for them,
     * so writers are never queued behind the cleanup. The cutoff is the server's time at the start, minus
     * {@code retention}; rows skipped because they were locked are left for the next run.
     */
    public CleanupResult cleanupOldData(Duration retention, int chunkRows) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, but was " + retention);
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunkRows must be at least 1, but was " + chunkRows);
        }
        long started = System.nanoTime();
        Instant cutoff = client.queryValue("SELECT now()", Instant.class).minus(retention);
        Chunks chunks = new Chunks(chunkRows);
        long events = chunks.deleteAll(this.events, "processed AND created_at < ?", cutoff);
        long metricRows = chunks.deleteAll(this.metrics, "created_at < ?", cutoff);
        long sessionRows = chunks.deleteAll(this.sessions, "status <> 'active' AND session_end < ?", cutoff);
        return new CleanupResult(events, metricRows, sessionRows, chunks.count, chunks.largest,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Counts the chunked DELETEs of one cleanup run. */
    private final class Chunks {
        private final int rows;
        private int count;
        private long largest;

        Chunks(int rows) {
            this.rows = rows;
        }

        long deleteAll(String table, String condition, Instant cutoff) {
            // The id is the primary key of all three tables; the subquery takes a bounded set of unlocked
            // candidates, and FOR UPDATE SKIP LOCKED keeps a writer's locked row from holding the chunk up.
            String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE " + condition
                    + " LIMIT ? FOR UPDATE SKIP LOCKED)";
            long total = 0;
            while (true) {
                long deleted = client.execute(sql, cutoff, rows);
                total += deleted;
                if (deleted > 0) {
                    count++;
                    largest = Math.max(largest, deleted);
                }
                if (deleted < rows) {
                    return total;
                }
            }
        }
    }

    private static Object[] row(HookEvent event, Instant now) {
        return new Object[]{event.id(), event.source(), event.action(), event.resource(), event.resourceId(),
                event.payload(), metadataOf(event), event.processed(), event.processingErrors().toArray(String[]::new),
                event.retryCount(), event.createdAt() == null ? now : event.createdAt(), event.processedAt()};
    }

    private static Object[] withoutCreatedAt(Object[] row) {
        Object[] untimed = new Object[row.length - 1];
        System.arraycopy(row, 0, untimed, 0, CREATED_AT);
        System.arraycopy(row, CREATED_AT + 1, untimed, CREATED_AT, row.length - CREATED_AT - 1);
        return untimed;
    }

    private static Json metadataOf(HookEvent event) {
        return event.metadata() == null ? EMPTY_OBJECT : event.metadata();
    }

    private static Object[] metricRow(EventMetric metric, Instant now) {
        return new Object[]{metric.eventId(), metric.processingTime().toNanos() / 1e6, metric.published(),
                metric.errorMessage(), metric.recordedAt() == null ? now : metric.recordedAt()};
    }

    private static HookEvent event(Row row) {
        String[] errors = row.get("processing_errors", String[].class);
        return new HookEvent(row.getUuid("id"), row.getString("source"), row.getString("action"),
                row.getString("resource"), row.getString("resource_id"), Json.of(row.getString("payload")),
                Json.of(row.getString("metadata")), row.getBoolean("processed"), List.of(errors),
                row.getInt("retry_count"), row.get("created_at", Instant.class), row.get("processed_at", Instant.class));
    }

    private static ServiceSession session(Row row) {
        return new ServiceSession(row.getUuid("id"), row.getString("service_name"), row.getString("instance_id"),
                row.getString("status"), row.getString("metadata"), row.get("session_start", Instant.class),
                row.get("session_end", Instant.class));
    }
}
