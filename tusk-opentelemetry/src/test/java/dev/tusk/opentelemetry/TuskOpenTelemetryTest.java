package dev.tusk.opentelemetry;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.UndefinedTableException;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.tx.IsolationLevel;
import dev.tusk.tx.TransactionOptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.opentelemetry.api.common.AttributeKey.booleanKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statements and transactions against a real server become spans as the database conventions describe them. */
@WithPostgres
class TuskOpenTelemetryTest {

    private static final String KILL_ONCE = "SELECT CASE WHEN nextval('kills') = 1 "
            + "THEN pg_terminate_backend(pg_backend_pid()) ELSE true END";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenSpans open = new OpenSpans();
    private OpenTelemetrySdk openTelemetry;

    /** Counts spans started and not yet ended, so a test can prove none was left open. */
    static final class OpenSpans implements SpanProcessor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            count.incrementAndGet();
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            count.decrementAndGet();
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @BeforeEach
    void startSdk() {
        openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).addSpanProcessor(open).build()).build();
    }

    @AfterEach
    void stopSdk() {
        openTelemetry.close();
    }

    private TuskClient connect(TestDatabase database, TuskOpenTelemetry tracing) {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().retryDelay(Duration.ofMillis(1))
                .retryMaxDelay(Duration.ofMillis(5)).build();
        return Tusk.connect(config, PoolHooks.NONE, tracing.tracerFor(config));
    }

    private TuskClient connect(TestDatabase database) {
        return connect(database, TuskOpenTelemetry.create(openTelemetry));
    }

    private List<SpanData> spansNamed(String name) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
    }

    private void assertNothingLeftOpen() {
        assertThat(open.count).hasValue(0);
        assertThat(Context.current()).isSameAs(Context.root());
    }

    @Test
    void shouldNameEveryListedServerWhenSeveralAreListed(TestDatabase database) throws Exception {
        TuskConfig single = TuskConfig.fromUrl(database.url());
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TuskConfig config = single.toBuilder().host("127.0.0.1:" + closedPort + "," + single.serverList()).build();
        try (TuskClient client = Tusk.connect(config, PoolHooks.NONE,
                TuskOpenTelemetry.create(openTelemetry).tracerFor(config))) {
            exporter.reset();
            client.queryValue("SELECT 1", Integer.class);

            SpanData span = exporter.getFinishedSpanItems().getFirst();
            assertThat(span.getAttributes().get(stringKey("server.address")))
                    .isEqualTo("127.0.0.1:" + closedPort + "," + single.serverList());
            assertThat(span.getAttributes().get(longKey("server.port"))).as("no single port to name").isNull();
        }
        assertNothingLeftOpen();
    }

    @Test
    void shouldRecordAQueryAsAClientSpanWithTheDatabaseAttributes(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE orders (id int)");
            client.execute("INSERT INTO orders VALUES (1), (2), (3)");
            exporter.reset();
            assertThat(client.query("SELECT id FROM orders WHERE id > ?", Integer.class, 0)).hasSize(3);
            assertThat(client.execute("UPDATE orders SET id = id + 10")).isEqualTo(3);
            TuskConfig config = client.config();

            SpanData select = spansNamed("SELECT orders").getFirst();
            assertThat(select.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(select.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(select.getParentSpanContext().isValid()).isFalse();
            assertThat(select.getAttributes().asMap()).containsOnly(
                    entry(stringKey("db.system.name"), "postgresql"),
                    entry(stringKey("db.namespace"), database.name()),
                    entry(stringKey("server.address"), config.host()),
                    entry(longKey("server.port"), (long) config.port()),
                    entry(stringKey("db.operation.name"), "SELECT"),
                    entry(stringKey("db.collection.name"), "orders"),
                    entry(longKey("db.response.returned_rows"), 3L));
            SpanData update = spansNamed("UPDATE orders").getFirst();
            assertThat(update.getAttributes().get(stringKey("db.operation.name"))).isEqualTo("UPDATE");
            // Three rows were updated, none returned.
            assertThat(update.getAttributes().get(longKey("db.response.returned_rows"))).isNull();
            assertThat(exporter.getFinishedSpanItems()).hasSize(2)
                    .allSatisfy(span -> assertThat(span.getAttributes().get(stringKey("db.query.text"))).isNull());
        }
        assertNothingLeftOpen();
    }

    @Test
    void shouldMarkAFailedStatementWithItsSqlState(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.query("SELECT id FROM missing_table", Integer.class))
                    .isInstanceOf(UndefinedTableException.class);
            SpanData failed = spansNamed("SELECT missing_table").getFirst();
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getAttributes().get(stringKey("error.type"))).isEqualTo("42P01");
            assertThat(failed.getAttributes().get(stringKey("db.response.status_code"))).isEqualTo("42P01");
            assertThat(failed.getAttributes().get(longKey("db.response.returned_rows"))).isNull();

            assertThatThrownBy(() -> client.execute("SELEC 1")).hasMessageContaining("SELEC");
            // No operation to name it by, so the span is named after the database, as the conventions say.
            SpanData unknown = spansNamed(database.name()).getFirst();
            assertThat(unknown.getAttributes().get(stringKey("error.type"))).isEqualTo("42601");
            assertThat(unknown.getAttributes().get(stringKey("db.operation.name"))).isNull();
        }
        assertNothingLeftOpen();
    }

    @Test
    void shouldParentTheStatementsOfATransactionToItsSpan(TestDatabase database) {
        Span request = openTelemetry.getTracer("test").spanBuilder("request").startSpan();
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE accounts (id int, balance int)");
            exporter.reset();
            try (Scope ignored = request.makeCurrent()) {
                client.inTransaction(TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE), tx -> {
                    tx.execute("INSERT INTO accounts VALUES (1, 100)");
                    return tx.queryValue("SELECT balance FROM accounts WHERE id = 1", Integer.class);
                });
            } finally {
                request.end();
            }
        }
        SpanData transaction = spansNamed("TRANSACTION").getFirst();
        assertThat(transaction.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(transaction.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(transaction.getAttributes().get(stringKey("tusk.transaction.isolation_level"))).isEqualTo("SERIALIZABLE");
        assertThat(transaction.getAttributes().get(booleanKey("tusk.transaction.read_only"))).isFalse();
        assertThat(transaction.getAttributes().get(stringKey("db.namespace"))).isEqualTo(database.name());
        List<SpanData> statements = Stream.concat(spansNamed("INSERT accounts").stream(),
                spansNamed("SELECT accounts").stream()).toList();
        assertThat(statements).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.getParentSpanId()).isEqualTo(transaction.getSpanId());
            assertThat(statement.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        });
        assertNothingLeftOpen();
    }

    @Test
    void shouldEndARolledBackTransactionSpanWithTheFailure(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.inTransaction(TransactionOptions.DEFAULT.withReadOnly(true),
                    tx -> tx.execute("CREATE TABLE nope (id int)"))).hasMessageContaining("read-only");
            assertThatThrownBy(() -> client.inTransaction(tx -> {
                throw new IllegalStateException("the caller's own failure");
            })).isInstanceOf(IllegalStateException.class);
        }
        List<SpanData> transactions = spansNamed("TRANSACTION");
        assertThat(transactions).hasSize(2).allSatisfy(transaction ->
                assertThat(transaction.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
        assertThat(transactions.getFirst().getAttributes().get(booleanKey("tusk.transaction.read_only"))).isTrue();
        assertThat(transactions.getFirst().getAttributes().get(stringKey("error.type"))).isEqualTo("25006");
        assertThat(transactions.get(1).getAttributes().get(stringKey("error.type")))
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(spansNamed("CREATE").getFirst().getParentSpanId()).isEqualTo(transactions.getFirst().getSpanId());
        assertNothingLeftOpen();
    }

    @Test
    void shouldShowARerunAsAnEventOfOneCommittedTransactionSpan(TestDatabase database) {
        AtomicInteger runs = new AtomicInteger();
        try (TuskClient client = connect(database)) {
            client.execute("CREATE SEQUENCE kills");
            exporter.reset();
            Boolean killed = client.inTransaction(tx -> {
                runs.incrementAndGet();
                return tx.queryValue(KILL_ONCE, Boolean.class);
            });
            assertThat(killed).isTrue();
        }
        assertThat(runs).hasValue(2);
        List<SpanData> transactions = spansNamed("TRANSACTION");
        assertThat(transactions).hasSize(1);
        SpanData transaction = transactions.getFirst();
        assertThat(transaction.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(transaction.getEvents()).singleElement().satisfies(rerun -> {
            assertThat(rerun.getName()).isEqualTo("tusk.transaction.rerun");
            assertThat(rerun.getAttributes().get(longKey("tusk.transaction.run"))).isEqualTo(2L);
            // The backend was terminated: admin_shutdown.
            assertThat(rerun.getAttributes().get(stringKey("error.type"))).isEqualTo("57P01");
        });
        List<SpanData> statements = spansNamed("SELECT");
        assertThat(statements).hasSize(2)
                .allSatisfy(statement -> assertThat(statement.getParentSpanId()).isEqualTo(transaction.getSpanId()));
        assertThat(statements).extracting(statement -> statement.getStatus().getStatusCode())
                .containsExactly(StatusCode.ERROR, StatusCode.UNSET);
        assertNothingLeftOpen();
    }

    @Test
    void shouldShowARetryAsAnEventOfTheCurrentSpan(TestDatabase database) {
        Span request = openTelemetry.getTracer("test").spanBuilder("request").startSpan();
        try (TuskClient client = connect(database)) {
            client.execute("CREATE SEQUENCE kills");
            try (Scope ignored = request.makeCurrent()) {
                assertThat(client.idempotent().queryValue(KILL_ONCE, Boolean.class)).isTrue();
            } finally {
                request.end();
            }
        }
        SpanData requestSpan = spansNamed("request").getFirst();
        assertThat(requestSpan.getEvents()).extracting(EventData::getName).containsExactly("tusk.statement.retry");
        assertThat(requestSpan.getEvents().getFirst().getAttributes().get(longKey("tusk.retry"))).isEqualTo(1L);
        assertThat(spansNamed("SELECT")).hasSize(2).allSatisfy(statement ->
                assertThat(statement.getParentSpanId()).isEqualTo(requestSpan.getSpanId()));
        assertNothingLeftOpen();
    }

    @Test
    void shouldNeverPutAParameterValueInASpan(TestDatabase database) {
        String secret = "secret-4711@example.com";
        try (TuskClient client = connect(database, TuskOpenTelemetry.create(openTelemetry).withQueryText(true))) {
            client.execute("CREATE TABLE people (email text PRIMARY KEY)");
            client.execute("INSERT INTO people VALUES (?)", secret);
            // PostgreSQL quotes the duplicate value in the error's detail: it must not reach the span either.
            assertThatThrownBy(() -> client.execute("INSERT INTO people VALUES (?)", secret))
                    .isInstanceOf(UniqueViolationException.class);
            assertThat(client.queryValue("SELECT email FROM people WHERE email = ?", String.class, secret))
                    .isEqualTo(secret);
        }
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).hasSize(4);
        assertThat(spansNamed("INSERT people").getLast().getAttributes().get(stringKey("error.type"))).isEqualTo("23505");
        assertThat(spansNamed("SELECT people").getFirst().getAttributes().get(stringKey("db.query.text")))
                .isEqualTo("SELECT email FROM people WHERE email = ?");
        for (SpanData span : spans) {
            List<Object> values = new ArrayList<>(span.getAttributes().asMap().values());
            span.getEvents().forEach(event -> values.addAll(event.getAttributes().asMap().values()));
            values.add(span.getStatus().getDescription());
            values.add(span.getName());
            assertThat(values).noneMatch(value -> String.valueOf(value).contains("4711"));
        }
        assertNothingLeftOpen();
    }

    @Test
    void shouldGiveEachOfManyConcurrentStatementsItsOwnSpan(TestDatabase database) throws Exception {
        int tasks = 200;
        List<Future<Boolean>> contextsClean = new ArrayList<>();
        try (TuskClient client = connect(database)) {
            exporter.reset();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < tasks; i++) {
                    int task = i;
                    contextsClean.add(executor.submit(() -> {
                        if (task % 2 == 0) {
                            assertThat(client.queryValue("SELECT ?::int", Integer.class, task)).isEqualTo(task);
                        } else {
                            client.inTransaction(tx -> tx.queryValue("SELECT ?::int", Integer.class, task));
                        }
                        return Context.current() == Context.root();
                    }));
                }
            }
        }
        for (Future<Boolean> clean : contextsClean) {
            assertThat(clean.get()).isTrue();
        }
        List<SpanData> statements = spansNamed("SELECT");
        List<SpanData> transactions = spansNamed("TRANSACTION");
        assertThat(statements).hasSize(tasks);
        assertThat(transactions).hasSize(tasks / 2);
        assertThat(statements).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
        // Each transaction has exactly one statement: none was parented to another thread's transaction.
        assertThat(transactions).allSatisfy(transaction -> assertThat(statements).filteredOn(statement ->
                statement.getParentSpanId().equals(transaction.getSpanId())).hasSize(1));
        assertThat(statements).filteredOn(statement -> !statement.getParentSpanContext().isValid()).hasSize(tasks / 2);
        assertNothingLeftOpen();
    }

    @Test
    void shouldKeepItsOptionsImmutable() {
        TuskOpenTelemetry plain = TuskOpenTelemetry.create(openTelemetry);
        TuskOpenTelemetry withText = plain.withQueryText(true);
        assertThat(plain.queryText()).isEqualTo(TuskOpenTelemetry.DEFAULT_QUERY_TEXT).isFalse();
        assertThat(withText.queryText()).isTrue();
        assertThatThrownBy(() -> TuskOpenTelemetry.create(null)).hasMessageContaining("OpenTelemetry.noop()");
    }

    private static <T> java.util.Map.Entry<AttributeKey<?>, Object> entry(AttributeKey<T> key, T value) {
        return java.util.Map.entry(key, value);
    }
}
