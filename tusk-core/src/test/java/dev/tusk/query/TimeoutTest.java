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
            assertThat(client.queryValue(Long.class,
                    "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'")).isZero();
            assertThat(client.withTimeout(Duration.ofSeconds(5)).queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void shouldApplyTheTimeoutInsideTransactions(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.useTransaction(tx -> tx.withTimeout(Duration.ofMillis(200))
                    .queryValue(Integer.class, "SELECT 1 FROM pg_sleep(20)")))
                    .isInstanceOf(QueryTimeoutException.class);
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
