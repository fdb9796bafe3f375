package dev.tusk.examples.eventstore;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.query.Json;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class EventValidationTest {

    private static final String MARKER = "SECRET-PAYLOAD-MARKER";

    private static HookEvent valid() {
        return EventStoreTest.push(1);
    }

    private static HookEvent with(UnaryOperator<List<Object>> change) {
        HookEvent e = valid();
        List<Object> f = new ArrayList<>(List.of(e.id(), e.source(), e.action(), e.resource(), e.resourceId(),
                e.payload(), List.of(), 0));
        f = change.apply(f);
        return new HookEvent((UUID) f.get(0), (String) f.get(1), (String) f.get(2), (String) f.get(3),
                (String) f.get(4), (Json) f.get(5), null, false, castList(f.get(6)), (Integer) f.get(7), null, null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }

    private static List<Object> set(List<Object> fields, int index, Object value) {
        fields.set(index, value);
        return fields;
    }

    private static Json payloadOfBytes(int bytes) {
        String prefix = "{\"" + MARKER + "\": \"";
        return Json.of(prefix + "x".repeat(bytes - prefix.length() - 2) + "\"}");
    }

    private static long rows(TuskClient client) {
        return client.queryValue("SELECT (SELECT count(*) FROM eventstore.hook_events) "
                + "+ (SELECT count(*) FROM eventstore.service_sessions) "
                + "+ (SELECT count(*) FROM eventstore.event_metrics)", Long.class);
    }

    private static EventStore migrated(TuskClient client) {
        EventStore store = EventStore.of(client);
        store.migrate();
        return store;
    }

    private static void assertRefused(TuskClient client, EventStore store, HookEvent event, String field, String message) {
        long acquires = client.poolStats().acquires();
        assertThatThrownBy(() -> store.store(event))
                .isInstanceOfSatisfying(EventValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.index()).isEqualTo(-1);
                })
                .hasMessageContaining(message)
                .hasMessageNotContaining(MARKER);
        assertThat(client.poolStats().acquires()).as("connections taken for a refused event").isEqualTo(acquires);
        assertThat(rows(client)).isZero();
    }

    @Test
    void shouldRefuseEachBadFieldOfAnEventNamingTheFieldAndTheLimitAndSendingNothing(TestDatabase database) {
        // No background health check, so that every connection the pool lends is one a call asked for.
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().healthCheckInterval(Duration.ZERO).build();
        try (TuskClient client = Tusk.connect(config)) {
            EventStore store = migrated(client);

            assertRefused(client, store, with(f -> set(f, 0, null)), "id", "hook event: id is required, but was null");
            assertRefused(client, store, with(f -> set(f, 1, null)), "source", "source is required, but was null");
            assertRefused(client, store, with(f -> set(f, 1, "  ")), "source", "source must not be blank");
            assertRefused(client, store, with(f -> set(f, 1, "s".repeat(51))), "source",
                    "source must be at most 50 characters, but was 51");
            assertRefused(client, store, with(f -> set(f, 2, "a".repeat(60))), "action",
                    "action must be at most 50 characters, but was 60");
            assertRefused(client, store, with(f -> set(f, 3, "")), "resource", "resource must not be blank");
            assertRefused(client, store, with(f -> set(f, 4, "r".repeat(101))), "resourceId",
                    "resourceId must be at most 100 characters, but was 101");
            assertRefused(client, store, with(f -> set(f, 5, null)), "payload", "payload is required, but was null");
            assertRefused(client, store, with(f -> set(f, 5, payloadOfBytes(51_201))), "payload",
                    "payload must be at most 51,200 bytes of JSON, but was 51,201 bytes");
            // 30,000 two-byte characters: within the limit in characters, over it in the bytes the server stores.
            assertRefused(client, store, with(f -> set(f, 5, Json.of("{\"k\": \"" + "é".repeat(30_000) + "\"}"))),
                    "payload", "but was 60,009 bytes");
            assertRefused(client, store, with(f -> set(f, 5, Json.of(" [1, 2]"))), "payload",
                    "payload must be a JSON object (text starting with '{'), but starts with '['");
            assertRefused(client, store, with(f -> set(f, 6, Collections.nCopies(51, "e"))), "processingErrors",
                    "processingErrors must hold at most 50 entries, but held 51");
            assertRefused(client, store, with(f -> set(f, 6, List.of("ok", "e".repeat(1_001)))), "processingErrors[1]",
                    "processingErrors[1] must be at most 1,000 characters, but was 1,001");
            assertRefused(client, store, with(f -> set(f, 6, null)), "processingErrors",
                    "processingErrors is required, but was null");
            assertRefused(client, store, with(f -> set(f, 7, 11)), "retryCount",
                    "retryCount must be between 0 and 10, but was 11");
            assertRefused(client, store, with(f -> set(f, 7, -1)), "retryCount",
                    "retryCount must be between 0 and 10, but was -1");
            assertRefused(client, store, valid().withMetadata(payloadOfBytes(60_000)), "metadata",
                    "metadata must be at most 51,200 bytes of JSON, but was 60,000 bytes");
            HookEvent processedTooEarly = valid().receivedAt(Instant.parse("2026-01-02T00:00:00Z"))
                    .processedAt(Instant.parse("2026-01-01T00:00:00Z"), List.of());
            assertRefused(client, store, processedTooEarly, "processedAt", "processedAt must not be before createdAt");

            // At the limit exactly, the event is stored.
            store.store(with(f -> set(set(f, 5, payloadOfBytes(51_200)), 6, Collections.nCopies(50, "e".repeat(1_000)))));
            assertThat(rows(client)).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseAWholeBatchForOneBadEventNamingItsPosition(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = migrated(client);
            List<HookEvent> batch = new ArrayList<>(IntStream.range(0, 100).mapToObj(EventStoreTest::push).toList());
            HookEvent bad = with(f -> set(f, 5, payloadOfBytes(70_000)));
            batch.set(7, bad);

            assertThatThrownBy(() -> store.storeBatch(batch))
                    .isInstanceOfSatisfying(EventValidationException.class, e -> {
                        assertThat(e.index()).isEqualTo(7);
                        assertThat(e.field()).isEqualTo("payload");
                    })
                    .hasMessage("hook event at index 7 (id " + bad.id() + "): payload must be at most 51,200 bytes "
                            + "of JSON, but was 70,000 bytes");

            List<HookEvent> repeated = new ArrayList<>(IntStream.range(0, 5).mapToObj(EventStoreTest::push).toList());
            repeated.add(repeated.get(2));
            assertThatThrownBy(() -> store.storeBatch(repeated))
                    .isInstanceOf(EventValidationException.class)
                    .hasMessage("hook event at index 5 (id " + repeated.get(2).id()
                            + "): id repeats the id of the event at index 2");
            List<HookEvent> withNull = new ArrayList<>(batch.subList(0, 3));
            withNull.set(1, null);
            assertThatThrownBy(() -> store.storeBatch(withNull)).hasMessage("hook event at index 1: event is required, but was null");
            assertThat(rows(client)).isZero();
        }
    }

    @Test
    void shouldLeaveNoneOfABatchWhenTheServerRefusesOneEvent(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = migrated(client);
            HookEvent existing = valid();
            store.store(existing);
            // Both paths of bulkInsert: multi-row INSERTs below 1,000 events, COPY above; the clash comes last.
            for (int size : new int[]{50, 1_500}) {
                List<HookEvent> batch = new ArrayList<>(IntStream.range(0, size - 1).mapToObj(EventStoreTest::push).toList());
                batch.add(existing);

                assertThatThrownBy(() -> store.storeBatch(batch)).isInstanceOf(dev.tusk.TuskException.class)
                        .satisfies(e -> assertThat(e).isInstanceOfAny(UniqueViolationException.class,
                                dev.tusk.CopyException.class));
                assertThat(rows(client)).as("batch of " + size).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldCancelAnImportAtTheFirstBadEventKeepingNoneOfIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = migrated(client);
            List<HookEvent> archive = new ArrayList<>(IntStream.range(0, 5_000).mapToObj(EventStoreTest::push).toList());
            archive.set(3_000, with(f -> set(f, 4, "r".repeat(200))));

            assertThatThrownBy(() -> store.importEvents(archive, progress -> { }))
                    .isInstanceOf(EventValidationException.class)
                    .hasMessageContaining("hook event at index 3000")
                    .hasMessageContaining("resourceId must be at most 100 characters, but was 200");
            assertThat(rows(client)).isZero();
        }
    }

    @Test
    void shouldRefuseBadProcessingErrorsSessionsAndMetricsSendingNothing(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            EventStore store = migrated(client);
            HookEvent event = valid();
            store.store(event);

            assertThatThrownBy(() -> store.markProcessed(event.id(), Collections.nCopies(51, "e")))
                    .isInstanceOf(EventValidationException.class)
                    .hasMessage("hook event " + event.id() + ": processingErrors must hold at most 50 entries, but held 51");
            assertThat(store.find(event.id()).orElseThrow().processed()).isFalse();

            assertThatThrownBy(() -> store.openSession(" ", null, null))
                    .hasMessage("session: serviceName must not be blank");
            assertThatThrownBy(() -> store.openSession("s".repeat(256), null, null))
                    .hasMessage("session: serviceName must be at most 255 characters, but was 256");
            assertThatThrownBy(() -> store.openSession("svc", "i".repeat(300), null))
                    .hasMessage("session: instanceId must be at most 255 characters, but was 300");

            UUID id = UUID.randomUUID();
            assertThatThrownBy(() -> store.recordMetric(EventMetric.of(id, Duration.ofMillis(-1), true, null)))
                    .hasMessage("metric " + id + ": processingTime must be at least 0 and under 5 minutes, but was PT-0.001S");
            assertThatThrownBy(() -> store.recordMetric(EventMetric.of(id, Duration.ofMinutes(5), true, null)))
                    .hasMessageContaining("processingTime must be at least 0 and under 5 minutes, but was PT5M");
            assertThatThrownBy(() -> store.recordMetric(EventMetric.of(null, Duration.ZERO, true, null)))
                    .hasMessage("metric: eventId is required, but was null");
            assertThatThrownBy(() -> store.recordMetric(EventMetric.of(id, Duration.ZERO, false, "e".repeat(1_001))))
                    .hasMessage("metric " + id + ": errorMessage must be at most 1,000 characters, but was 1,001");
            List<EventMetric> metrics = new ArrayList<>(IntStream.range(0, 1_200)
                    .mapToObj(n -> EventMetric.of(UUID.randomUUID(), Duration.ofMillis(n), true, null)).toList());
            metrics.set(1_100, EventMetric.of(id, Duration.ofHours(1), true, null));
            assertThatThrownBy(() -> store.recordMetrics(metrics)).isInstanceOfSatisfying(EventValidationException.class,
                    e -> assertThat(e.index()).isEqualTo(1_100));

            assertThat(rows(client)).as("only the first event").isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseABadSchemaNameAndBadCleanupArguments(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> EventStore.of(client, "events; DROP TABLE x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schema must be a lower-case SQL name (letters, digits, _; at most 63), "
                            + "but was \"events; DROP TABLE x\"");
            EventStore store = EventStore.of(client);
            assertThatThrownBy(() -> store.cleanupOldData(Duration.ofDays(-1)))
                    .hasMessage("retention must not be negative, but was PT-24H");
            assertThatThrownBy(() -> store.cleanupOldData(Duration.ofDays(1), 0))
                    .hasMessage("chunkRows must be at least 1, but was 0");
            assertThat(client.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'eventstore'", Long.class))
                    .isZero();
        }
    }
}
