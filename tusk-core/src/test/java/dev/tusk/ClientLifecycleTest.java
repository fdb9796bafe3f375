package dev.tusk;

import dev.tusk.config.TuskConfig;
import dev.tusk.schema.ColumnInfo;
import dev.tusk.schema.TableInfo;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class ClientLifecycleTest {

    @Test
    void shouldLetWorkInFlightFinishThenRefuseNewWork(TestDatabase database) throws Exception {
        TuskClient client = Tusk.connect(database.url());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Integer> slow = threads.submit(() -> client.queryValue("SELECT 7 FROM pg_sleep(0.5)", Integer.class));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (client.queryValue("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT 7 FROM pg_sleep%'", Long.class) == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            client.close();
            assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo(7);
        } finally {
            threads.shutdownNow();
        }
        assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                .isInstanceOfSatisfying(ClientClosedException.class, e -> assertThat(e.mayHaveReachedServer()).isFalse())
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> client.useTransaction(tx -> tx.execute("SELECT 1")))
                .isInstanceOf(ClientClosedException.class);
        client.close();
    }

    @Test
    void shouldCloseAfterTheGracePeriodWhenWorkDoesNotFinish(TestDatabase database) throws Exception {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().shutdownGracePeriod(Duration.ofMillis(200)).build();
        TuskClient client = Tusk.connect(config);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Long> stuck = threads.submit(() -> client.execute("SELECT pg_sleep(30)"));
            Thread.sleep(300);
            long started = System.nanoTime();
            client.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TuskException.class);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldShareItsPoolWithFlywayThroughTheDataSource(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            var result = Flyway.configure().dataSource(client.dataSource()).load().migrate();
            assertThat(result.migrationsExecuted).isEqualTo(2);
            assertThat(client.tableExists("customer")).isTrue();
            client.execute("INSERT INTO customer (email, name) VALUES (?, ?)", "ada@example.com", "Ada");
            assertThat(client.queryValue("SELECT tier FROM customer", Short.class)).isEqualTo((short) 1);
        }
    }

    @Test
    void shouldDescribeTablesAndTheServer(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            Flyway.configure().dataSource(client.dataSource()).load().migrate();
            client.execute("CREATE SCHEMA billing");
            client.execute("CREATE TABLE billing.\"Invoice\" (number int PRIMARY KEY)");

            TableInfo customer = client.tableInfo("customer");
            assertThat(customer.schema()).isEqualTo("public");
            assertThat(customer.columns()).extracting(ColumnInfo::name)
                    .containsExactly("id", "email", "name", "created_at", "tier");
            assertThat(customer.column("email")).hasValueSatisfying(email -> {
                assertThat(email.type()).isEqualTo("text");
                assertThat(email.nullable()).isFalse();
            });
            assertThat(customer.column("created_at").orElseThrow().defaultValue()).isEqualTo("now()");
            assertThat(customer.column("name").orElseThrow().nullable()).isTrue();
            assertThat(customer.primaryKey()).containsExactly("id");
            assertThat(customer.indexes()).anySatisfy(index -> {
                assertThat(index.columns()).containsExactly("email");
                assertThat(index.unique()).isTrue();
            });
            assertThat(customer.indexes()).anySatisfy(index -> {
                assertThat(index.name()).isEqualTo("customer_name_idx");
                assertThat(index.definition()).contains("lower(name)");
            });
            assertThat(client.tableExists("billing.\"Invoice\"")).isTrue();
            assertThat(client.tableInfo("billing.\"Invoice\"").primaryKey()).containsExactly("number");
            assertThat(client.tableExists("billing.invoice")).isFalse();
            assertThat(client.serverVersion().major()).isEqualTo(17);
            assertThat(client.serverVersion().display()).startsWith("17.");
        }
    }

    @Test
    void shouldRefuseMissingOrHostileTableNamesClearly(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE x (id int)");
            assertThat(client.tableExists("users; DROP TABLE x")).isFalse();
            assertThat(client.tableExists("x")).isTrue();
            assertThatThrownBy(() -> client.tableInfo("nope"))
                    .isInstanceOfSatisfying(UndefinedTableException.class, e -> assertThat(e.sqlState()).isEqualTo("42P01"))
                    .hasMessageContaining("table \"nope\" does not exist");
            assertThatThrownBy(() -> client.tableExists(" "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name must not be empty");
        }
    }
}
