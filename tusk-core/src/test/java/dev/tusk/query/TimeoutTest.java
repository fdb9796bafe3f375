package dev.tusk.query;

import dev.tusk.QueryTimeoutException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class TimeoutTest {

    @Test
    void shouldCancelTheStatementOnTheServerWhenAPerCallTimeoutExpires(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.withTimeout(Duration.ofMillis(300)).execute("SELECT pg_sleep(20)"))
                    .isInstanceOfSatisfying(QueryTimeoutException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("57014");
                        assertThat(e.mayHaveReachedServer()).isTrue();
                    })
                    .hasMessageContaining("canceling statement due to user request");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(client.queryValue("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'",
                    Long.class)).isZero();
            assertThat(client.withTimeout(Duration.ofSeconds(5)).queryValue("SELECT 1", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void shouldApplyTheTimeoutInsideTransactions(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.useTransaction(tx -> tx.withTimeout(Duration.ofMillis(200))
                    .queryValue("SELECT 1 FROM pg_sleep(20)", Integer.class)))
                    .isInstanceOf(QueryTimeoutException.class);
        }
    }

    @Test
    void shouldApplyTheConfiguredStatementTimeoutUnlessACallAsksForLonger(TestDatabase database) {
        dev.tusk.config.TuskConfig config = dev.tusk.config.TuskConfig.fromUrl(database.url()).toBuilder()
                .statementTimeout(Duration.ofMillis(300)).build();
        try (TuskClient client = Tusk.connect(config)) {
            assertThatThrownBy(() -> client.execute("SELECT pg_sleep(1)"))
                    .isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("statement timeout");
            assertThat(client.withTimeout(Duration.ofSeconds(10)).queryValue("SELECT 5 FROM pg_sleep(1)", Integer.class))
                    .isEqualTo(5);
            long streamed = client.inTransaction(tx -> {
                try (var rows = tx.withTimeout(Duration.ofSeconds(10)).stream("SELECT i FROM generate_series(1, 3) i, pg_sleep(0.5)",
                        row -> row.getInt("i"))) {
                    return rows.count();
                }
            });
            assertThat(streamed).isEqualTo(3);
            // The longer limit was for those calls only: the session is back to 300 ms (behind PgBouncer the server's
            // session never had it: Tusk times statements itself there).
            assertThat(client.queryValue("SHOW statement_timeout", String.class))
                    .isEqualTo(client.config().pgbouncer() ? "0" : "300ms");
            assertThatThrownBy(() -> client.execute("SELECT pg_sleep(1)")).isInstanceOf(QueryTimeoutException.class);
        }
    }

    @Test
    void shouldRefuseANegativeTimeout(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.withTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must not be negative, but was PT-1S");
        }
    }
}
