package dev.tusk.copy;

import dev.tusk.QueryTimeoutException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class CopyTimeoutTest {

    private static TuskClient connect(TestDatabase database) {
        // One connection, so every call below runs on the session whose timeout the COPYs lift and restore.
        return Tusk.connect(TuskConfig.fromUrl(database.url()).toBuilder().statementTimeout(Duration.ofSeconds(1))
                .poolMinSize(1).poolMaxSize(1).build());
    }

    /** The session's own statement_timeout after a COPY: 1s, or none behind PgBouncer, where Tusk times statements itself. */
    private static String sessionTimeout(TuskClient client) {
        return client.config().pgbouncer() ? "0" : "1s";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldLetACopyInRunLongerThanTheStatementTimeout(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            client.execute("CREATE TABLE slow (id bigint)");
            AtomicInteger produced = new AtomicInteger();
            CopyResult result = client.copy().copyIn("slow", java.util.List.of("id"), row -> {
                if (produced.get() == 30) {
                    return false;
                }
                pause(50);
                row.write(produced.incrementAndGet());
                return true;
            });
            assertThat(result.rows()).isEqualTo(30);
            assertThat(result.elapsed()).isGreaterThan(Duration.ofSeconds(1));
            assertThat(client.queryValue("SHOW statement_timeout", String.class)).isEqualTo(sessionTimeout(client));
            assertThatThrownBy(() -> client.execute("SELECT pg_sleep(2)")).isInstanceOf(QueryTimeoutException.class);
        }
    }

    @Test
    void shouldLetACopyOutStreamBeReadSlowerThanTheStatementTimeout(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            long count;
            try (Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT i FROM generate_series(1, 25) i"))) {
                count = rows.peek(row -> pause(60)).count();
            }
            assertThat(count).isEqualTo(25);
            assertThat(client.queryValue("SHOW statement_timeout", String.class)).isEqualTo(sessionTimeout(client));
        }
    }
}
