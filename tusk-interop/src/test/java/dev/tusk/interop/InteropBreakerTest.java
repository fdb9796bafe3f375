package dev.tusk.interop;

import dev.tusk.CircuitOpenException;
import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.resilience.CircuitState;
import dev.tusk.testing.ManagedPostgres;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tusk's circuit breaker judges the borrows of Tusk's own calls only: a borrow through {@code client.dataSource()}
 * is neither counted by it nor refused when it is open. Needs a server of its own, since it stops it.
 */
class InteropBreakerTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("interop-breaker").start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldNeitherCountNorRefuseDataSourceBorrowsInTheCircuitBreaker() throws InterruptedException {
        TuskConfig config = TuskConfig.fromUrl(server.url("postgres")).toBuilder().warmUp(false).poolMinSize(0)
                .acquireTimeout(Duration.ofSeconds(2)).maxRetries(0).circuitBreakerThreshold(2)
                .circuitBreakerTimeout(Duration.ofMinutes(5)).build();
        try (TuskClient client = Tusk.connect(config)) {
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            server.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> jooq.fetchValue("SELECT 1"))
                            .isInstanceOf(DataAccessException.class)
                            .hasCauseInstanceOf(java.sql.SQLException.class)
                            .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ConnectionException.class));
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
                assertThat(client.circuitBreaker().consecutiveFailures()).isZero();

                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                            .isInstanceOf(ConnectionException.class);
                }
                assertThat(client.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
                assertThatThrownBy(() -> client.queryValue("SELECT 1", Integer.class))
                        .isInstanceOf(CircuitOpenException.class);

                // jOOQ still goes to the pool, which still tries the server.
                assertThatThrownBy(() -> jooq.fetchValue("SELECT 1"))
                        .isInstanceOf(DataAccessException.class)
                        .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(ConnectionException.class));
            } finally {
                server.start();
            }
            // The DataSource is not gated by the open breaker: jOOQ reaches the server as soon as it accepts again.
            assertThat(firstAnswer(jooq, Duration.ofSeconds(30))).isEqualTo(1);
        }
    }

    /** The answer to {@code SELECT 1} through jOOQ once the restarted server takes connections, within {@code limit}. */
    private static Object firstAnswer(DSLContext jooq, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return jooq.fetchValue("SELECT 1");
            } catch (DataAccessException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
