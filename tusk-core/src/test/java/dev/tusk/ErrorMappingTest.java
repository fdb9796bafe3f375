package dev.tusk;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class ErrorMappingTest {

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        client.execute("CREATE TABLE parent (id int PRIMARY KEY)");
        client.execute("CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent(id), "
                + "name text NOT NULL, age int CONSTRAINT age_is_positive CHECK (age > 0))");
        client.execute("INSERT INTO parent VALUES (1)");
        client.execute("INSERT INTO child VALUES (1, 1, 'first', 1)");
        return client;
    }

    @Test
    void shouldMapConstraintViolationsWithTheirDetails(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.execute("INSERT INTO child VALUES (?, 1, 'x', 1)", 1))
                    .isInstanceOfSatisfying(UniqueViolationException.class, e -> {
                        assertThat(e.constraint()).isEqualTo("child_pkey");
                        assertThat(e.table()).isEqualTo("child");
                        assertThat(e.schema()).isEqualTo("public");
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.mayHaveReachedServer()).isTrue();
                        assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class);
                    });
            assertThatThrownBy(() -> client.execute("INSERT INTO child VALUES (2, ?, 'x', 1)", 99))
                    .isInstanceOfSatisfying(ForeignKeyViolationException.class,
                            e -> assertThat(e.constraint()).isEqualTo("child_parent_id_fkey"));
            assertThatThrownBy(() -> client.execute("INSERT INTO child VALUES (2, 1, ?, 1)", (Object) null))
                    .isInstanceOfSatisfying(NotNullViolationException.class, e -> {
                        assertThat(e.column()).isEqualTo("name");
                        assertThat(e.sqlState()).isEqualTo("23502");
                    });
            assertThatThrownBy(() -> client.execute("INSERT INTO child VALUES (2, 1, 'x', ?)", -4))
                    .isInstanceOfSatisfying(CheckViolationException.class,
                            e -> assertThat(e.constraint()).isEqualTo("age_is_positive"));
        }
    }

    @Test
    void shouldKeepParameterValuesOutOfMessages(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE secret (token text PRIMARY KEY)");
            client.execute("INSERT INTO secret VALUES (?)", "hunter2-token");
            assertThatThrownBy(() -> client.execute("INSERT INTO secret VALUES (?)", "hunter2-token"))
                    .isInstanceOf(UniqueViolationException.class)
                    .hasMessageContaining("INSERT INTO secret")
                    .hasMessageNotContaining("hunter2")
                    .satisfies(e -> {
                        // The server's detail names the conflicting key; it is available to code, never in the message.
                        assertThat(((TuskException) e).detail()).contains("already exists");
                        assertThat(e.toString()).doesNotContain("hunter2");
                    });
        }
    }

    @Test
    void shouldMapSchemaAndSyntaxErrors(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.query("SELECT * FROM missing_table", String.class))
                    .isInstanceOf(UndefinedTableException.class).hasMessageContaining("missing_table");
            assertThatThrownBy(() -> client.query("SELECT missing_column FROM child", String.class))
                    .isInstanceOf(UndefinedColumnException.class).hasMessageContaining("missing_column");
            assertThatThrownBy(() -> client.query("SELEC 1", String.class))
                    .isInstanceOf(SyntaxErrorException.class).hasMessageContaining("SELEC 1");
            assertThatThrownBy(() -> client.query("SELECT 1/0", String.class))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.sqlState()).isEqualTo("22012"));
        }
    }

    private static final dev.tusk.tx.TransactionOptions NO_RERUNS = dev.tusk.tx.TransactionOptions.DEFAULT.withReruns(false);

    @Test
    void shouldMapDeadlocksAsTransient(TestDatabase database) throws Exception {
        try (TuskClient client = connect(database)) {
            client.execute("INSERT INTO parent VALUES (2)");
            CountDownLatch bothLocked = new CountDownLatch(2);
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                List<Future<Object>> outcomes = new ArrayList<>();
                for (int[] order : new int[][] {{1, 2}, {2, 1}}) {
                    outcomes.add(threads.submit(() -> client.inTransaction(NO_RERUNS, tx -> {
                        tx.execute("UPDATE parent SET id = id WHERE id = ?", order[0]);
                        bothLocked.countDown();
                        bothLocked.await(10, TimeUnit.SECONDS);
                        return tx.execute("UPDATE parent SET id = id WHERE id = ?", order[1]);
                    })));
                }
                List<Throwable> failures = new ArrayList<>();
                for (Future<Object> outcome : outcomes) {
                    try {
                        outcome.get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
                assertThat(failures).singleElement().isInstanceOfSatisfying(DeadlockException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.sqlState()).isEqualTo("40P01");
                });
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void shouldMapAnUnreachableServerAsAConnectionFailureThatNeverReachedIt() {
        TuskClient client = Tusk.connect(dev.tusk.config.TuskConfig.fromUrl("postgresql://app:hunter2@127.0.0.1:1/app")
                .toBuilder().warmUp(false).acquireTimeout(java.time.Duration.ofSeconds(1)).build());
        try (client) {
            assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.mayHaveReachedServer()).isFalse();
                    })
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void shouldMapAKilledBackendAsAConnectionFailureThatMayHaveReachedTheServer(PostgresServer server, TestDatabase database)
            throws Exception {
        // Only the backend already running the statement is killed: one killed while still idle in the pool is found
        // dead at borrow and replaced, so the statement would run on a fresh connection and sleep its 30s out.
        dev.tusk.config.TuskConfig config = dev.tusk.config.TuskConfig.fromUrl(database.url() + "?application_name=victim")
                .toBuilder().poolMinSize(0).build();
        try (TuskClient client = Tusk.connect(config)) {
            ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                Future<Object> sleeping = threads.submit(() -> client.execute("SELECT pg_sleep(30)"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (terminateSleeper(server) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThatThrownBy(() -> sleeping.get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOfSatisfying(ConnectionException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("57P01");
                            assertThat(e.mayHaveReachedServer()).isTrue();
                            assertThat(e.isTransient()).isTrue();
                        });
            } finally {
                threads.shutdownNow();
            }
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldMapAuthenticationFailuresAndTooManyConnections() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("auth")
                .setting("max_connections", "6").setting("superuser_reserved_connections", "2")
                .hbaRules(List.of("host all postgres 127.0.0.1/32 trust", "host all all 127.0.0.1/32 scram-sha-256"))
                .start()) {
            server.execute("CREATE ROLE app LOGIN PASSWORD 'right-password'");
            String base = "postgresql://app:%s@127.0.0.1:" + server.port() + "/postgres";
            dev.tusk.config.TuskConfig wrong = dev.tusk.config.TuskConfig.fromUrl(base.formatted("wrong-password"))
                    .toBuilder().warmUp(false).acquireTimeout(java.time.Duration.ofSeconds(2)).build();
            try (TuskClient client = Tusk.connect(wrong)) {
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("28P01");
                            assertThat(e.isTransient()).isFalse();
                        })
                        .hasMessageNotContaining("wrong-password");
            }
            dev.tusk.config.TuskConfig right = dev.tusk.config.TuskConfig.fromUrl(base.formatted("right-password"))
                    .toBuilder().warmUp(false).poolMinSize(0).poolMaxSize(10)
                    .acquireTimeout(java.time.Duration.ofSeconds(2)).build();
            List<java.sql.Connection> held = new ArrayList<>();
            try (TuskClient client = Tusk.connect(right)) {
                // Fill every slot a non-superuser may take (6 minus 2 reserved), then ask for one more.
                for (int i = 0; i < 4; i++) {
                    held.add(java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port()
                            + "/postgres?user=app&password=right-password"));
                }
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOfSatisfying(TooManyConnectionsException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("53300");
                            assertThat(e.isTransient()).isTrue();
                            assertThat(e.mayHaveReachedServer()).isFalse();
                        });
            } finally {
                for (java.sql.Connection connection : held) {
                    connection.close();
                }
            }
        }
    }
    @Test
    void shouldMapAnIdleInTransactionKillAsATransientConnectionFailureThatCommittedNothing(TestDatabase database) {
        dev.tusk.config.TuskConfig config = dev.tusk.config.TuskConfig.fromUrl(database.url()).toBuilder()
                .idleInTransactionTimeout(java.time.Duration.ofMillis(300)).poolMinSize(1).poolMaxSize(1).build();
        try (TuskClient client = Tusk.connect(config)) {
            client.execute("CREATE TABLE item (id int)");

            assertThatThrownBy(() -> client.inTransaction(transaction -> {
                transaction.execute("INSERT INTO item VALUES (1)");
                Thread.sleep(1_000);
                return transaction.execute("INSERT INTO item VALUES (2)");
            }))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("25P03");
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.mayHaveReachedServer()).isFalse();
                    })
                    .hasMessageContaining("the server ended the session because its transaction sat idle longer than "
                            + "idle_in_transaction_session_timeout")
                    .hasMessageContaining("rolled the transaction back");
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        }
    }

    @Test
    void shouldMapAMissingDatabaseAtConnectAsAFailureThatNeverReachedTheServer(PostgresServer server) {
        dev.tusk.config.TuskConfig config = dev.tusk.config.TuskConfig.fromUrl(server.url("no_such_db")).toBuilder()
                .acquireTimeout(java.time.Duration.ofSeconds(20)).connectTimeout(java.time.Duration.ofSeconds(2))
                .build();

        assertThatThrownBy(() -> Tusk.connect(config).close())
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("3D000");
                    assertThat(e.mayHaveReachedServer()).isFalse();
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageContaining("database \"no_such_db\" does not exist");
    }

    private static int terminateSleeper(PostgresServer server) throws java.sql.SQLException {
        try (java.sql.Connection admin = server.connect(); java.sql.Statement statement = admin.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE application_name = 'victim' AND state = 'active' "
                     + "AND query LIKE 'SELECT pg_sleep%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
