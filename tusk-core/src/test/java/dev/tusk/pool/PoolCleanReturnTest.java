package dev.tusk.pool;

import dev.tusk.QueryException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class PoolCleanReturnTest {

    private static TuskConfig onePool(TestDatabase database) {
        return smallPool(database).poolMinSize(1).poolMaxSize(1).build();
    }

    @Test
    void shouldRollBackAFailedTransactionBeforeLendingTheConnectionAgain(TestDatabase database) {
        try (TuskClient client = Tusk.connect(onePool(database))) {
            client.execute("CREATE TABLE item (id int)");

            assertThatThrownBy(() -> client.execute("BEGIN; INSERT INTO item VALUES (1); SELECT 1/0; COMMIT;"))
                    .isInstanceOf(QueryException.class)
                    .hasMessageContaining("division by zero");

            // The only connection is the one the failed transaction came back on.
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
            client.execute("INSERT INTO item VALUES (2)");
            assertThat(client.query("SELECT id FROM item", Integer.class)).containsExactly(2);
            assertThat(client.poolStats().cleanReturnRollbacks()).isEqualTo(1);
            assertThat(client.poolStats().retiredBroken()).isZero();
        }
    }

    @Test
    void shouldNotLetALaterCallCommitWhatALoneBeginLeftOpen(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(onePool(database))) {
            client.execute("CREATE TABLE item (id int)");

            client.execute("BEGIN; INSERT INTO item VALUES (1)");
            client.execute("COMMIT");

            try (Connection other = database.connect(); Statement statement = other.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM item")) {
                rows.next();
                assertThat(rows.getInt(1)).as("rows committed by the later call").isZero();
            }
            assertThat(client.poolStats().cleanReturnRollbacks()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendNothingExtraWhenAConnectionComesBackClean() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("clean-return")
                .setting("log_statement", "all").start()) {
            TuskConfig config = TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder()
                    .applicationName("clean_return").poolMinSize(1).poolMaxSize(1)
                    .shutdownGracePeriod(Duration.ZERO).build();
            try (TuskClient client = Tusk.connect(config)) {
                int pid = client.queryValue("SELECT pg_backend_pid()", Integer.class);
                client.queryValue("SELECT 'clean-start'", String.class);
                for (int i = 0; i < 5; i++) {
                    client.queryValue("SELECT 1", Integer.class);
                }
                client.queryValue("SELECT 'clean-end'", String.class);
                assertThatThrownBy(() -> client.execute("BEGIN; SELECT 1/0"));
                client.queryValue("SELECT 'dirty-end'", String.class);

                List<String> clean = statementsBetween(server, pid, "'clean-start'", "'clean-end'");
                assertThat(clean).hasSize(5).allSatisfy(line -> assertThat(line).endsWith("SELECT 1"));
                List<String> dirty = statementsBetween(server, pid, "'clean-end'", "'dirty-end'");
                assertThat(dirty).hasSize(2);
                assertThat(dirty.get(1)).endsWith("ROLLBACK");
                assertThat(client.poolStats().cleanReturnRollbacks()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldDiscardSessionStateOnReturnWhenAsked(TestDatabase database) {
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).resetOnReturn(true)
                .statementTimeout(Duration.ofSeconds(7)).build();
        try (TuskClient client = Tusk.connect(config)) {
            client.execute("SET work_mem = '77MB'");
            client.execute("CREATE TEMP TABLE scratch (id int)");

            assertThat(client.queryValue("SHOW work_mem", String.class)).isNotEqualTo("77MB");
            assertThat(client.queryValue("SELECT to_regclass('scratch')::text", String.class)).isNull();
            // Settings sent at connect are the session's defaults, which DISCARD ALL restores rather than clears.
            assertThat(client.queryValue("SHOW statement_timeout", String.class)).isEqualTo("7s");
            // PgJDBC notices DISCARD ALL and prepares its cached statements again instead of failing.
            for (int i = 0; i < 8; i++) {
                assertThat(client.queryValue("SELECT ?::int + 1", Integer.class, i)).isEqualTo(i + 1);
            }
            assertThat(client.poolStats().cleanReturnRollbacks()).isZero();
            assertThat(client.poolStats().created()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepSessionStateByDefault(TestDatabase database) {
        try (TuskClient client = Tusk.connect(onePool(database))) {
            client.execute("SET work_mem = '77MB'");
            client.execute("CREATE TEMP TABLE scratch (id int)");

            assertThat(client.queryValue("SHOW work_mem", String.class)).isEqualTo("77MB");
            assertThat(client.queryValue("SELECT to_regclass('scratch')::text", String.class)).isEqualTo("scratch");
        }
    }

    /** The statements backend {@code pid} logged after the one containing {@code from} and before the one containing {@code to}. */
    private static List<String> statementsBetween(ManagedPostgres server, int pid, String from, String to) {
        String tag = "[" + pid + "]";
        await("the server has logged " + to, () -> log(server).stream().anyMatch(line -> line.contains(tag)
                && line.contains(to)));
        List<String> lines = log(server).stream().filter(line -> line.contains(tag) && line.contains("LOG:")).toList();
        int start = indexOf(lines, from);
        int end = indexOf(lines, to);
        return lines.subList(start + 1, end).stream().map(String::strip).toList();
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no log line contains " + marker);
    }

    private static List<String> log(ManagedPostgres server) {
        try {
            return Files.readAllLines(server.logFile(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
