package dev.tusk.trace;

import dev.tusk.SyntaxErrorException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.resilience.CircuitState;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.tx.TransactionOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tracer SPI hears statements, leases, transactions, retries and breaker transitions against a real server. */
@WithPostgres
class TracerTest {

    /** Records every event as a line. */
    static final class Recording implements TuskTracer {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Object statementStarted(String sql, boolean inTransaction) {
            events.add("start " + sql + (inTransaction ? " (tx)" : ""));
            return sql;
        }

        @Override
        public void statementSucceeded(String sql, Object context, long rows, long nanos) {
            assertThat(context).isEqualTo(sql);
            assertThat(nanos).isPositive();
            events.add("ok " + sql + " rows=" + rows);
        }

        @Override
        public void statementFailed(String sql, Object context, Throwable failure, long nanos) {
            events.add("failed " + sql + " " + failure.getClass().getSimpleName());
        }

        @Override
        public void connectionAcquired(long waitNanos) {
            events.add("acquired");
        }

        @Override
        public void connectionFailed(Throwable failure, long waitNanos) {
            events.add("acquire failed");
        }

        @Override
        public void connectionReleased() {
            events.add("released");
        }

        @Override
        public Object transactionStarted(TransactionOptions options) {
            events.add("begin" + (options.readOnly() ? " read-only" : ""));
            return "tx";
        }

        @Override
        public void transactionCommitted(Object context, long nanos) {
            assertThat(context).isEqualTo("tx");
            events.add("commit");
        }

        @Override
        public void transactionRolledBack(Object context, Throwable failure, long nanos) {
            events.add("rollback " + failure.getClass().getSimpleName());
        }

        @Override
        public void transactionRerun(int run, Throwable failure) {
            events.add("rerun " + run);
        }

        @Override
        public void statementRetried(int retry, Throwable failure) {
            events.add("retry " + retry);
        }

        @Override
        public void breakerStateChanged(CircuitState from, CircuitState to) {
            events.add("breaker " + from + "->" + to);
        }
    }

    private static TuskConfig config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().retryDelay(Duration.ofMillis(1)).retryMaxDelay(Duration.ofMillis(5))
                .build();
    }

    @Test
    void shouldHearStatementsLeasesAndTheirRows(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = Tusk.connect(config(database.url()), PoolHooks.NONE, tracer)) {
            client.execute("CREATE TABLE t (id int)");
            tracer.events.clear();
            assertThat(client.execute("INSERT INTO t VALUES (1), (2), (3)")).isEqualTo(3);
            assertThat(client.query("SELECT id FROM t", Integer.class)).hasSize(3);
            assertThat(client.queryValue("SELECT 42::bigint", Long.class)).isEqualTo(42L);
            assertThatThrownBy(() -> client.execute("SELEC 1")).isInstanceOf(SyntaxErrorException.class);
            assertThat(tracer.events).containsExactly(
                    "acquired", "start INSERT INTO t VALUES (1), (2), (3)", "ok INSERT INTO t VALUES (1), (2), (3) rows=3", "released",
                    "acquired", "start SELECT id FROM t", "ok SELECT id FROM t rows=3", "released",
                    "acquired", "start SELECT 42::bigint", "ok SELECT 42::bigint rows=-1", "released",
                    "acquired", "start SELEC 1", "failed SELEC 1 SyntaxErrorException", "released");
        }
    }

    @Test
    void shouldHearTransactionsTheirStatementsAndReruns(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = Tusk.connect(config(database.url()), PoolHooks.NONE, tracer)) {
            client.execute("CREATE SEQUENCE kills");
            tracer.events.clear();
            AtomicInteger runs = new AtomicInteger();
            client.inTransaction(tx -> {
                runs.incrementAndGet();
                return tx.queryValue("SELECT CASE WHEN nextval('kills') = 1 "
                        + "THEN pg_terminate_backend(pg_backend_pid()) ELSE true END", Boolean.class);
            });
            assertThat(runs.get()).isEqualTo(2);
            assertThat(tracer.events).startsWith("begin", "acquired").contains("rerun 2").endsWith("commit");
            assertThat(tracer.events).anyMatch(event -> event.startsWith("failed SELECT CASE") && event.endsWith("ConnectionException"));
            assertThat(tracer.events).anyMatch(event -> event.startsWith("start SELECT CASE") && event.endsWith("(tx)"));
            tracer.events.clear();
            assertThatThrownBy(() -> client.inTransaction(TransactionOptions.DEFAULT.withReadOnly(true),
                    tx -> tx.execute("SELEC 1"))).isInstanceOf(SyntaxErrorException.class);
            assertThat(tracer.events).startsWith("begin read-only").endsWith("rollback SyntaxErrorException");
        }
    }

    @Test
    void shouldHearRetriesOfIdempotentStatements(TestDatabase database) {
        Recording tracer = new Recording();
        try (TuskClient client = Tusk.connect(config(database.url()), PoolHooks.NONE, tracer)) {
            client.execute("CREATE SEQUENCE kills");
            client.idempotent().queryValue("SELECT CASE WHEN nextval('kills') = 1 "
                    + "THEN pg_terminate_backend(pg_backend_pid()) ELSE true END", Boolean.class);
            assertThat(tracer.events).contains("retry 1");
        }
    }

    @Test
    void shouldHearTheBreakerOpenAndAFailedAcquire() throws Exception {
        Recording tracer = new Recording();
        try (ManagedPostgres server = ManagedPostgres.builder().label("tracer-breaker").start()) {
            TuskConfig config = config(server.url(server.defaultDatabase())).toBuilder().warmUp(false).poolMinSize(0)
                    .acquireTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300))
                    .retryDeadline(Duration.ofMillis(300)).circuitBreakerThreshold(2).build();
            try (TuskClient client = Tusk.connect(config, PoolHooks.NONE, tracer)) {
                assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
                server.stop();
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class));
                }
            }
        }
        assertThat(tracer.events).contains("acquire failed", "breaker CLOSED->OPEN");
    }

    @Test
    void shouldKeepWorkingWhenATracerThrows(TestDatabase database) {
        TuskTracer broken = new TuskTracer() {
            @Override
            public Object statementStarted(String sql, boolean inTransaction) {
                throw new IllegalStateException("tracer bug");
            }
        };
        Recording recording = new Recording();
        try (TuskClient client = Tusk.connect(config(database.url()), PoolHooks.NONE, TuskTracer.of(broken, recording))) {
            assertThat(client.queryValue("SELECT 7", Integer.class)).isEqualTo(7);
        }
        assertThat(recording.events).contains("ok SELECT 7 rows=-1");
        try (TuskClient alone = Tusk.connect(config(database.url()), PoolHooks.NONE, broken)) {
            assertThat(alone.queryValue("SELECT 8", Integer.class)).isEqualTo(8);
        }
    }

    @Test
    void shouldComposeNoTracersIntoNone() {
        assertThat(TuskTracer.of()).isSameAs(TuskTracer.NONE);
        assertThat(TuskTracer.of(TuskTracer.NONE, TuskTracer.NONE)).isSameAs(TuskTracer.NONE);
        Recording one = new Recording();
        assertThat(TuskTracer.of(one)).isNotSameAs(TuskTracer.NONE);
    }
}
