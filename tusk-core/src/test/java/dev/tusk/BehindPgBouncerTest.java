package dev.tusk;

import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.config.TuskConfig;
import dev.tusk.query.Sql;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.pgbouncer.BehindPgBouncer;
import dev.tusk.testing.pgbouncer.PgBouncer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What only applies behind a real PgBouncer in transaction mode: statements that need a server session are refused
 * with {@code pgbouncer=true}, their transaction-scoped forms work, and a client not told of PgBouncer finds out. The
 * rest of Tusk runs behind PgBouncer in the {@code *BehindPgBouncerTest} subclasses of the ordinary tests.
 */
@WithPostgres(throughPgBouncer = true)
class BehindPgBouncerTest {

    private static PgBouncer bouncer(PostgresServer server) {
        return ((BehindPgBouncer) server).bouncer();
    }

    /** A URL for {@code database} through {@code bouncer}, without {@code pgbouncer=true}. */
    private static String unflaggedUrl(PgBouncer bouncer, TestDatabase database) {
        return "postgresql://" + database.server().superuser() + "@" + bouncer.host() + ":" + bouncer.port() + "/"
                + database.name();
    }

    @Test
    void shouldSendTheHarnessClientsThroughPgBouncerWithTheFlagSet(PostgresServer server, TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(client.config().pgbouncer()).isTrue();
            assertThat(client.config().port()).isEqualTo(bouncer(server).port());
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            assertThat(bouncer(server).adminQuery("SHOW POOLS"))
                    .filteredOn(pool -> database.name().equals(pool.get("database")))
                    .singleElement()
                    .satisfies(pool -> assertThat(pool).containsEntry("pool_mode", "transaction"));
        }
    }

    @Test
    void shouldRefuseEveryKindOfSessionStatementBeforeSendingIt(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertRefused(() -> client.execute("LISTEN jobs"), "LISTEN");
            assertRefused(() -> client.execute("SET search_path = elsewhere"), "SET without LOCAL");
            assertRefused(() -> client.execute("RESET search_path"), "RESET");
            assertRefused(() -> client.execute("PREPARE q AS SELECT 1"), "PREPARE");
            assertRefused(() -> client.execute("CREATE TEMP TABLE scratch (id int)"),
                    "CREATE TEMP TABLE without ON COMMIT DROP");
            assertRefused(() -> client.queryValue("SELECT pg_try_advisory_lock(?)", Boolean.class, 42L),
                    "session advisory lock (pg_try_advisory_lock)");
            assertRefused(() -> client.queryValue("SELECT pg_advisory_lock(42)", Object.class),
                    "session advisory lock (pg_advisory_lock)");
            // Inside a transaction too: a plain SET outlives the COMMIT on a server connection that goes to others.
            assertRefused(() -> client.useTransaction(tx -> tx.execute("SET statement_timeout = 0")), "SET without LOCAL");
            assertRefused(() -> client.useTransaction(tx -> tx.execute("DECLARE c CURSOR WITH HOLD FOR SELECT 1")),
                    "DECLARE ... WITH HOLD");
            assertRefused(() -> {
                try (Stream<Integer> rows = client.stream("SELECT pg_advisory_lock(1)", row -> 1)) {
                    rows.count();
                }
            }, "session advisory lock (pg_advisory_lock)");
            assertRefused(() -> client.executeBatch(List.of(Sql.of("CREATE TABLE t (id int)"), Sql.of("LISTEN jobs")),
                    StatementBatchOptions.DEFAULT), "LISTEN");
            assertRefused(() -> client.readOnly().execute("SET ROLE nobody"), "SET without LOCAL");

            // Nothing reached the server: no lock is held, and the batch's first statement did not run either.
            assertThat(client.queryValue("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", Long.class)).isZero();
            assertThat(client.tableExists("t")).isFalse();
            assertThat(client.queryValue("SHOW search_path", String.class)).isEqualTo("\"$user\", public");
        }
    }

    private static void assertRefused(ThrowingCallable call, String kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(SessionRequiredException.class, e -> {
                    assertThat(e.statementKind()).isEqualTo(kind);
                    assertThat(e.mayHaveReachedServer()).isFalse();
                })
                .hasMessageContaining("needs a server session of its own")
                .hasMessageContaining("pgbouncer=true");
    }

    @Test
    void shouldRunTheTransactionScopedFormsBehindPgBouncer(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE job (id int PRIMARY KEY)");
            String seen = client.inTransaction(tx -> {
                tx.execute("SET LOCAL search_path = pg_catalog, public");
                tx.queryValue("SELECT set_config('app.tenant', 'acme', true)", String.class);
                tx.execute("CREATE TEMP TABLE staging (id int) ON COMMIT DROP");
                tx.execute("INSERT INTO staging VALUES (1), (2)");
                tx.execute("INSERT INTO job SELECT id FROM staging");
                tx.execute("DECLARE pending CURSOR FOR SELECT id FROM job ORDER BY id");
                List<Integer> fetched = tx.query("FETCH 2 FROM pending", Integer.class);
                return tx.queryValue("SHOW search_path", String.class) + " " + tx.queryValue("SELECT current_setting('app.tenant')",
                        String.class) + " " + fetched;
            });
            assertThat(seen).isEqualTo("pg_catalog, public acme [1, 2]");
            assertThat(client.queryValue("SELECT count(*) FROM job", Long.class)).isEqualTo(2L);

            // A transaction-level advisory lock holds until COMMIT and keeps a second transaction out meanwhile.
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch checked = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> holder = threads.submit(() -> {
                    client.useTransaction(tx -> {
                        tx.queryValue("SELECT 1 FROM pg_advisory_xact_lock(7)", Integer.class);
                        locked.countDown();
                        checked.await(10, TimeUnit.SECONDS);
                    });
                    return null;
                });
                assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
                Boolean lockedByOther = client.inTransaction(tx -> tx.queryValue("SELECT pg_try_advisory_xact_lock(7)",
                        Boolean.class));
                assertThat(lockedByOther).isFalse();
                checked.countDown();
                holder.get(10, TimeUnit.SECONDS);
            }
            Boolean freeAfterCommit = client.inTransaction(tx -> tx.queryValue("SELECT pg_try_advisory_xact_lock(7)",
                    Boolean.class));
            assertThat(freeAfterCommit).isTrue();
        }
    }

    @Test
    void shouldApplyATenantToEachOfItsTransactionsOnlyBehindPgBouncer(TestDatabase database) {
        try (TuskClient client = Tusk.connect(TuskConfig.fromUrl(database.url()).toBuilder().poolMinSize(1).poolMaxSize(2)
                .build())) {
            String setting = "SELECT coalesce(current_setting('app.tenant_id', true), '')";
            for (String tenant : List.of("acme", "globex", "acme")) {
                assertThat(client.asTenant(tenant).queryValue(setting, String.class)).isEqualTo(tenant);
                String inTransaction = client.asTenant(tenant).inTransaction(tx -> tx.queryValue(setting, String.class));
                assertThat(inTransaction).isEqualTo(tenant);
                // set_config(..., true) ends with the transaction, whichever server connection PgBouncer gave it.
                assertThat(client.queryValue(setting, String.class)).isEmpty();
            }
        }
    }

    @Test
    void shouldLeaveSessionStatementsToAClientWithItsOwnSessions(PostgresServer server, TestDatabase database) {
        PostgresServer direct = ((BehindPgBouncer) server).server();
        try (TuskClient client = Tusk.connect(TuskConfig.fromUrl(direct.url(database.name())).toBuilder()
                .poolMinSize(1).poolMaxSize(1).build())) {
            assertThat(client.config().pgbouncer()).isFalse();
            client.execute("SET search_path = pg_catalog");
            assertThat(client.queryValue("SELECT 1 FROM pg_advisory_lock(3)", Integer.class)).isEqualTo(1);
            assertThat(client.queryValue("SELECT pg_advisory_unlock(3)", Boolean.class)).isTrue();
            client.execute("RESET search_path");
        }
    }

    @Test
    void shouldTellAClientNotToldOfPgBouncerThatDropsItsTimeoutsToSetTheFlag(TestDatabase database) {
        // The harness's PgBouncer ignores the startup options in which Tusk sends statement_timeout.
        PgBouncer bouncer = bouncer(database.server());
        TuskConfig config = TuskConfig.fromUrl(unflaggedUrl(bouncer, database)).toBuilder()
                .statementTimeout(Duration.ofSeconds(7)).warmUp(false).poolMinSize(0).acquireTimeout(Duration.ofSeconds(5))
                .build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("through a connection pooler such as PgBouncer")
                    .hasMessageContaining("statement_timeout is 0 ms, not the 7000 ms asked for")
                    .hasMessageContaining("set pgbouncer=true (URL parameter ?pgbouncer=true");
        }
    }

    @Test
    void shouldTellAClientRefusedByAStockPgBouncerToSetTheFlagAndWorkOnceItIsSet(TestDatabase database) {
        PostgresServer behind = ((BehindPgBouncer) database.server()).server();
        // PgBouncer's default: no startup parameter beyond the ones it tracks, so Tusk's timeout options are refused.
        try (PgBouncer stock = PgBouncer.builder(behind).setting("ignore_startup_parameters", "").start()) {
            try (TuskClient client = Tusk.connect(TuskConfig.fromUrl(unflaggedUrl(stock, database)).toBuilder()
                    .warmUp(false).poolMinSize(0).acquireTimeout(Duration.ofSeconds(5)).build())) {
                // Permanent, so neither retried nor waited for until the acquire timeout.
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isFalse())
                        .hasMessageContaining("unsupported startup parameter: options")
                        .hasMessageContaining("set pgbouncer=true");
            }
            try (TuskClient flagged = Tusk.connect(unflaggedUrl(stock, database) + "?pgbouncer=true")) {
                assertThat(flagged.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldNameTheFlagWhenPreparedStatementsOfTwoClientsCollideOnOneServerConnection(TestDatabase database) {
        PostgresServer behind = ((BehindPgBouncer) database.server()).server();
        // One server connection for every client, and no timeouts, so nothing else gives PgBouncer away.
        try (PgBouncer single = PgBouncer.builder(behind).defaultPoolSize(1).start()) {
            TuskConfig config = TuskConfig.fromUrl(unflaggedUrl(single, database)).toBuilder()
                    .statementTimeout(Duration.ZERO).poolMinSize(1).poolMaxSize(1).build();
            ByteArrayOutputStream logged = new ByteArrayOutputStream();
            PrintStream originalErr = System.err;
            TuskClient opened;
            // slf4j-simple writes to whatever System.err is at each line; the pool warms up on this thread.
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try {
                opened = Tusk.connect(config);
            } finally {
                System.setErr(originalErr);
            }
            // Without a timeout to compare, differing backend pids alone are only worth a warning: session mode is fine.
            assertThat(logged.toString(StandardCharsets.UTF_8))
                    .contains("A connection pooler such as PgBouncer sits in front of")
                    .contains("in transaction mode set pgbouncer=true");
            try (TuskClient first = opened; TuskClient second = Tusk.connect(config)) {
                // PgJDBC names a statement S_1 on its fifth run; the first client's S_1 stays on the shared backend.
                for (int i = 0; i < 6; i++) {
                    assertThat(first.queryValue("SELECT 1 + ?", Integer.class, i)).isEqualTo(1 + i);
                }
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 6; i++) {
                        second.queryValue("SELECT 'two' || ?", String.class, i);
                    }
                }).isInstanceOf(QueryException.class)
                        .hasMessageContaining("prepared statement \"S_1\" already exists")
                        .hasMessageContaining("set pgbouncer=true");
            }
        }
    }
}
