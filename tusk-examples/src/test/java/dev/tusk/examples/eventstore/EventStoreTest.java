package dev.tusk.examples.eventstore;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.query.Json;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class EventStoreTest {

    static HookEvent push(int n) {
        return HookEvent.of("github", "push", "repository", "repo-" + n,
                Json.of("{\"commits\": [" + n + "], \"ref\": \"main\"}"));
    }

    @Test
    void shouldCreateTheSchemaByMigrationsOnceWithTheSeedIndexes(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);

            assertThat(store.migrate()).isEqualTo(3);
            assertThat(store.migrate()).isZero();
            assertThat(client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'eventstore' ORDER BY 1",
                    String.class)).containsExactly("event_metrics", "flyway_schema_history", "hook_events",
                    "service_sessions");
            assertThat(client.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'eventstore' "
                    + "AND indexname LIKE 'idx_%' ORDER BY 1", String.class)).containsExactly(
                    "idx_event_metrics_created_at", "idx_event_metrics_event_id", "idx_event_metrics_performance",
                    "idx_hook_events_cleanup", "idx_hook_events_created_at", "idx_hook_events_processed",
                    "idx_hook_events_retry", "idx_hook_events_source_action", "idx_service_sessions_cleanup",
                    "idx_service_sessions_created_at", "idx_service_sessions_service_status");
        }
    }

    @Test
    void shouldStoreAnEventAndReadItBackWhole(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client, "hooks");
            store.migrate();
            HookEvent event = push(1).withMetadata(Json.of("{\"received_by\": \"edge-1\"}"));

            store.store(event);

            HookEvent stored = store.find(event.id()).orElseThrow();
            assertThat(stored.id()).isEqualTo(event.id());
            assertThat(stored.source()).isEqualTo("github");
            assertThat(stored.action()).isEqualTo("push");
            assertThat(stored.resource()).isEqualTo("repository");
            assertThat(stored.resourceId()).isEqualTo("repo-1");
            assertThat(stored.payload().text()).isEqualTo("{\"ref\": \"main\", \"commits\": [1]}");
            assertThat(stored.metadata().text()).isEqualTo("{\"received_by\": \"edge-1\"}");
            assertThat(stored.processed()).isFalse();
            assertThat(stored.processingErrors()).isEmpty();
            assertThat(stored.createdAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
            assertThat(stored.processedAt()).isNull();
            assertThat(store.find(UUID.randomUUID())).isEmpty();
            assertThat(client.queryValue("SELECT count(*) FROM hooks.hook_events", Long.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldStoreABatchInOneTransactionThroughCopyAboveTheThreshold(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            List<HookEvent> small = IntStream.range(0, 10).mapToObj(EventStoreTest::push).toList();
            List<HookEvent> large = IntStream.range(10, 2_510).mapToObj(EventStoreTest::push).toList();

            assertThat(store.storeBatch(small)).isEqualTo(10);
            assertThat(store.storeBatch(large)).isEqualTo(2_500);
            assertThat(store.storeBatch(List.of())).isZero();

            assertThat(client.queryValue("SELECT count(*) FROM eventstore.hook_events", Long.class)).isEqualTo(2_510);
            // Each batch's rows share the transaction's time, as the column default would have given them.
            assertThat(client.queryValue("SELECT count(DISTINCT created_at) FROM eventstore.hook_events",
                    Long.class)).isEqualTo(2);
            assertThat(store.find(large.get(2_499).id()).orElseThrow().resourceId()).isEqualTo("repo-2509");

            // A batch mixing received times and none: the timed keep theirs, the others get the transaction's.
            Instant yesterday = Instant.parse("2026-01-01T10:00:00Z");
            HookEvent timed = push(1).receivedAt(yesterday);
            HookEvent untimed = push(2);
            store.storeBatch(List.of(timed, untimed));
            assertThat(store.find(timed.id()).orElseThrow().createdAt()).isEqualTo(yesterday);
            assertThat(store.find(untimed.id()).orElseThrow().createdAt())
                    .isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        }
    }

    @Test
    void shouldImportEventsThroughCopyKeepingTheirTimesAndReportingProgress(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            Instant received = Instant.parse("2026-01-02T03:04:05Z");
            List<HookEvent> archive = IntStream.range(0, 5_000).mapToObj(n -> push(n).receivedAt(received)
                    .processedAt(received.plusSeconds(1), n % 2 == 0 ? List.of() : List.of("timeout", "retried")))
                    .toList();
            List<Long> reported = new ArrayList<>();

            var result = store.importEvents(archive, progress -> reported.add(progress.items()));

            assertThat(result.rows()).isEqualTo(5_000);
            assertThat(reported).isNotEmpty().last().isEqualTo(5_000L);
            HookEvent back = store.find(archive.get(1).id()).orElseThrow();
            assertThat(back.createdAt()).isEqualTo(received);
            assertThat(back.processedAt()).isEqualTo(received.plusSeconds(1));
            assertThat(back.processed()).isTrue();
            assertThat(back.processingErrors()).containsExactly("timeout", "retried");
        }
    }

    @Test
    void shouldListTheQueueOldestFirstAndMarkEventsProcessedWithTheirErrors(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
            List<HookEvent> events = IntStream.range(0, 5).mapToObj(n -> push(n).receivedAt(base.plusSeconds(10 - n)))
                    .toList();
            store.storeBatch(events);

            assertThat(store.unprocessed(3)).extracting(HookEvent::id)
                    .containsExactly(events.get(4).id(), events.get(3).id(), events.get(2).id());
            assertThat(store.markProcessed(events.get(4).id(), List.of())).isTrue();
            assertThat(store.markProcessed(events.get(3).id(), List.of("schema mismatch", "dropped field x"))).isTrue();
            assertThat(store.markProcessed(events.get(3).id(), List.of())).as("already processed").isFalse();
            assertThat(store.markProcessed(UUID.randomUUID(), List.of())).as("no such event").isFalse();

            assertThat(store.unprocessed(10)).extracting(HookEvent::id)
                    .containsExactly(events.get(2).id(), events.get(1).id(), events.get(0).id());
            HookEvent failed = store.find(events.get(3).id()).orElseThrow();
            assertThat(failed.processed()).isTrue();
            assertThat(failed.processingErrors()).containsExactly("schema mismatch", "dropped field x");
            assertThat(failed.processedAt()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        }
    }

    @Test
    void shouldOpenListAndEndSessions(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();

            ServiceSession first = store.openSession("hook-receiver", "instance-1", Json.of("{\"version\": \"1.0.0\"}"));
            ServiceSession second = store.openSession("hook-receiver", null, null);

            assertThat(first.status()).isEqualTo("active");
            assertThat(first.serviceName()).isEqualTo("hook-receiver");
            assertThat(first.instanceId()).isEqualTo("instance-1");
            assertThat(first.metadata()).isEqualTo("{\"version\": \"1.0.0\"}");
            assertThat(first.sessionEnd()).isNull();
            assertThat(second.metadata()).isEqualTo("{}");
            assertThat(store.activeSessions()).extracting(ServiceSession::id)
                    .containsExactlyInAnyOrder(first.id(), second.id());

            assertThat(store.endSession(first.id())).isTrue();
            assertThat(store.endSession(first.id())).as("already ended").isFalse();
            assertThat(store.endSession(UUID.randomUUID())).as("no such session").isFalse();

            assertThat(store.activeSessions()).extracting(ServiceSession::id).containsExactly(second.id());
            assertThat(client.queryValue("SELECT status FROM eventstore.service_sessions WHERE id = ? "
                    + "AND session_end IS NOT NULL", String.class, first.id())).isEqualTo("ended");
        }
    }

    @Test
    void shouldRecordMetricsOneByOneAndInBatches(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = EventStore.of(client);
            store.migrate();
            UUID event = UUID.randomUUID();

            store.recordMetric(EventMetric.of(event, Duration.ofNanos(45_200_000), true, null));
            store.recordMetric(EventMetric.of(event, Duration.ofMillis(3), false, "broker unavailable"));
            long batch = store.recordMetrics(IntStream.range(0, 1_500)
                    .mapToObj(n -> EventMetric.of(UUID.randomUUID(), Duration.ofMillis(n), n % 3 != 0, null)).toList());

            assertThat(batch).isEqualTo(1_500);
            assertThat(client.queryValue("SELECT processing_time_ms FROM eventstore.event_metrics WHERE event_id = ? "
                    + "AND published", Double.class, event)).isEqualTo(45.2);
            assertThat(client.queryValue("SELECT error_message FROM eventstore.event_metrics WHERE event_id = ? "
                    + "AND NOT published", String.class, event)).isEqualTo("broker unavailable");
            assertThat(client.queryValue("SELECT count(*) FROM eventstore.event_metrics", Long.class)).isEqualTo(1_502);
        }
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(duration.toSeconds(), ChronoUnit.SECONDS);
    }
}
