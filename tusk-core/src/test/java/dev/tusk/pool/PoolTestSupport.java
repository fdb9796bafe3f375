package dev.tusk.pool;

import dev.tusk.config.TuskConfig;
import dev.tusk.config.TuskConfigBuilder;
import dev.tusk.testing.TestDatabase;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Small helpers the pool tests share: a config with test-sized settings, session counts, and bounded polling. */
final class PoolTestSupport {

    private static final Duration AWAIT_LIMIT = Duration.ofSeconds(10);

    private PoolTestSupport() {
    }

    /** A config for {@code database} with a small pool, a unique application name and no waiting at close. */
    static TuskConfigBuilder smallPool(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder()
                .applicationName(uniqueName("pool"))
                .poolMinSize(1)
                .poolMaxSize(2)
                .acquireTimeout(Duration.ofSeconds(5))
                .shutdownGracePeriod(Duration.ZERO);
    }

    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The backend process id of a connection borrowed from {@code pool} and returned at once. */
    static int backendPid(TuskPool pool) throws SQLException {
        try (Connection connection = pool.acquire()) {
            return backendPid(connection);
        }
    }

    static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Sessions on the server that report {@code applicationName}. */
    static int sessions(TestDatabase database, String applicationName) throws SQLException {
        try (Connection admin = database.connect();
             PreparedStatement statement = admin.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A loopback port with nothing listening on it. */
    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after a bound; for work HikariCP does on its own threads. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + AWAIT_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + AWAIT_LIMIT.toSeconds() + "s waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }
}
