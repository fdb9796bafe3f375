package dev.tusk.resilience;

import dev.tusk.ConnectionException;
import dev.tusk.Row;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer that goes silent (a blackhole, a dead NAT entry) bounds each call at statementTimeout plus connectTimeout,
 * while COPY and calls with a longer timeout of their own are not cut off.
 */
@WithPostgres
class SilentPeerTest {

    private static TuskConfig config(String url) {
        return TuskConfig.fromUrl(url).toBuilder().statementTimeout(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(1)).acquireTimeout(Duration.ofSeconds(2)).poolMinSize(1)
                .poolMaxSize(2).build();
    }

    private static String through(FaultProxy proxy, PostgresServer server, TestDatabase database) {
        return database.url().replace(":" + server.port() + "/", ":" + proxy.port() + "/");
    }

    @Test
    void shouldGiveUpOnASilentServerAfterTheStatementTimeoutPlusTheConnectTimeout(PostgresServer server,
                                                                                  TestDatabase database) {
        try (FaultProxy proxy = FaultProxy.start(server.host(), server.port());
             TuskClient client = Tusk.connect(config(through(proxy, server, database)))) {
            assertThat(client.queryValue("SELECT 1", Integer.class)).isEqualTo(1);
            proxy.blackhole();
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.queryValue("SELECT 2", Integer.class))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.isTransient()).isTrue());
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // socketTimeout = ceil(1 s + 1 s) = 2 s; the cancel request, swallowed too, changes nothing.
            assertThat(waited).isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(6));
            proxy.heal();
            assertThat(client.queryValue("SELECT 3", Integer.class)).isEqualTo(3);
        }
    }

    @Test
    void shouldLetACallWithALongerTimeoutWaitLongerThanTheSocketTimeout(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()))) {
            assertThat(client.withTimeout(Duration.ofSeconds(10)).queryValue("SELECT 4 FROM pg_sleep(3)",
                    Integer.class)).isEqualTo(4);
            // And the connection is back to the usual bounds afterwards.
            assertThatThrownBy(() -> client.queryValue("SELECT 5 FROM pg_sleep(3)", Integer.class))
                    .isInstanceOf(dev.tusk.QueryTimeoutException.class);
        }
    }

    @Test
    void shouldNotCutOffACopyOfASlowQuery(TestDatabase database) {
        try (TuskClient client = Tusk.connect(config(database.url()));
             Stream<Row> rows = client.copyOut(CopyOutSource.query("SELECT g FROM generate_series(1, 3) g, "
                     + "LATERAL (SELECT pg_sleep(1.2)) s"))) {
            List<Row> all = rows.toList();
            assertThat(all).hasSize(3);
            // After the COPY the usual bound is back.
            assertThatThrownBy(() -> client.queryValue("SELECT 6 FROM pg_sleep(3)", Integer.class))
                    .isInstanceOf(dev.tusk.QueryTimeoutException.class);
        }
    }
}
