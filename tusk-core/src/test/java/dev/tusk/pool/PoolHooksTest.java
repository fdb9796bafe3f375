package dev.tusk.pool;

import dev.tusk.ConnectionException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tusk.pool.PoolTestSupport.await;
import static dev.tusk.pool.PoolTestSupport.backendPid;
import static dev.tusk.pool.PoolTestSupport.sessions;
import static dev.tusk.pool.PoolTestSupport.smallPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class PoolHooksTest {

    @Test
    void shouldRunHooksInOrderAroundEachLease(TestDatabase database) throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        PoolHooks hooks = PoolHooks.NONE
                .withAfterConnect(connection -> {
                    calls.add("afterConnect");
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET statement_timeout = '1234ms'");
                    }
                })
                .withBeforeAcquire(connection -> calls.add("beforeAcquire"))
                .withAfterRelease(connection -> calls.add("afterRelease"));
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).build();
        try (TuskPool pool = TuskPool.open(config, hooks)) {
            for (int i = 0; i < 2; i++) {
                try (Connection lease = pool.acquire(); Statement statement = lease.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT current_setting('statement_timeout')")) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo("1234ms");
                }
            }
        }

        assertThat(calls).containsExactly("afterConnect", "beforeAcquire", "afterRelease", "beforeAcquire", "afterRelease");
    }

    @Test
    void shouldFailAcquireClearlyAndDiscardConnectionWhenAfterConnectFails(TestDatabase database) throws Exception {
        IllegalStateException failure = new IllegalStateException("no search_path for you");
        TuskConfig config = smallPool(database).poolMinSize(0).warmUp(false).acquireTimeout(Duration.ofMillis(250)).build();
        try (TuskPool pool = TuskPool.open(config, PoolHooks.NONE.withAfterConnect(connection -> {
            throw failure;
        }))) {
            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the afterConnect hook failed on a new connection to " + config.host() + ":"
                            + config.port() + "/" + config.database())
                    .hasMessageContaining("no search_path for you")
                    .hasCause(failure);
            assertThat(pool.stats().created()).isZero();
        }
        await("the rejected connections are closed", () -> sessionsQuietly(database, config.applicationName()) == 0);
    }

    @Test
    void shouldDiscardConnectionAndFailAcquireWhenBeforeAcquireFails(TestDatabase database) throws Exception {
        AtomicInteger rejectedPid = new AtomicInteger();
        AtomicBoolean rejectNext = new AtomicBoolean(true);
        PoolHooks hooks = PoolHooks.NONE.withBeforeAcquire(connection -> {
            if (rejectNext.getAndSet(false)) {
                rejectedPid.set(backendPid(connection));
                throw new IllegalStateException("tag rejected");
            }
        });
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).build();
        try (TuskPool pool = TuskPool.open(config, hooks)) {
            assertThatThrownBy(pool::acquire)
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the beforeAcquire hook failed")
                    .hasRootCauseMessage("tag rejected");

            await("the rejected connection is retired as broken", () -> pool.stats().retiredBroken() == 1);
            assertThat(backendPid(pool)).isNotEqualTo(rejectedPid.get());
            assertThat(pool.stats().acquires()).isEqualTo(1);
        }
    }

    @Test
    void shouldDiscardConnectionWithoutFailingCloseWhenAfterReleaseFails(TestDatabase database) throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(true);
        PoolHooks hooks = PoolHooks.NONE.withAfterRelease(connection -> {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("RESET failed");
            }
        });
        TuskConfig config = smallPool(database).poolMinSize(1).poolMaxSize(1).build();
        try (TuskPool pool = TuskPool.open(config, hooks)) {
            Connection lease = pool.acquire();
            int first = backendPid(lease);

            assertThatCode(lease::close).doesNotThrowAnyException();

            await("the connection is retired as broken", () -> pool.stats().retiredBroken() == 1);
            assertThat(backendPid(pool)).isNotEqualTo(first);
        }
    }

    private static int sessionsQuietly(TestDatabase database, String applicationName) {
        try {
            return sessions(database, applicationName);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
