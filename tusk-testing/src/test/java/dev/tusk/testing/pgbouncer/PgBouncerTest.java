package dev.tusk.testing.pgbouncer;

import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgBouncerTest {

    private static ManagedPostgres server;
    private static PgBouncer bouncer;

    @BeforeAll
    static void startServers() {
        server = ManagedPostgres.startDefault();
        bouncer = PgBouncer.start(server);
    }

    @AfterAll
    static void stopServers() {
        if (bouncer != null) {
            bouncer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldRunQueriesThroughPgBouncerInTransactionMode() throws SQLException {
        assertThat(bouncer.poolMode()).isEqualTo(PoolMode.TRANSACTION);
        assertThat(bouncer.port()).isNotEqualTo(server.port());
        try (Connection connection = bouncer.connect(server.defaultDatabase());
             PreparedStatement statement = connection.prepareStatement("SELECT ?::int * 2")) {
            // More executions than PgJDBC's default prepareThreshold of 5, to show unnamed statements keep working.
            for (int i = 1; i <= 8; i++) {
                statement.setInt(1, i);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(i * 2);
                }
            }
        }
    }

    @Test
    void shouldReportTransactionPoolModeOnAdminConsole() throws SQLException {
        try (Connection client = bouncer.connect(server.defaultDatabase()); Statement query = client.createStatement()) {
            query.execute("SELECT 1");

            Map<String, String> config = new HashMap<>();
            bouncer.adminQuery("SHOW CONFIG").forEach(row -> config.put(row.get("key"), row.get("value")));
            assertThat(config).containsEntry("pool_mode", "transaction")
                    .containsEntry("listen_port", String.valueOf(bouncer.port()));
            assertThat(bouncer.adminQuery("SHOW POOLS"))
                    .filteredOn(pool -> server.defaultDatabase().equals(pool.get("database")))
                    .singleElement()
                    .satisfies(pool -> assertThat(pool).containsEntry("pool_mode", "transaction"));
        }
        assertThat(bouncer.version()).startsWith("PgBouncer 1.");
    }

    @Test
    void shouldReportAdminConsoleErrorWithCommand() {
        assertThatThrownBy(() -> bouncer.adminQuery("SHOW NO_SUCH_THING"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SHOW NO_SUCH_THING")
                .hasMessageContaining("SQLSTATE");
        assertThatThrownBy(() -> bouncer.adminQuery(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
    }

    @Test
    void shouldHandServerBackendToAnotherClientBetweenTransactions() throws SQLException {
        try (Connection first = bouncer.connect(server.defaultDatabase());
             Connection second = bouncer.connect(server.defaultDatabase())) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            int firstTransactionBackend = backendPid(first);
            first.commit();
            // PgBouncer reuses the most recently released server (LIFO), so the other client gets the first one's backend.
            int secondClientBackend = backendPid(second);
            int nextTransactionBackend = backendPid(first);
            first.commit();
            second.commit();

            assertThat(secondClientBackend).isEqualTo(firstTransactionBackend);
            assertThat(nextTransactionBackend).isNotEqualTo(firstTransactionBackend);
        }
    }

    @Test
    void shouldStopProcessAndRemoveFilesOnClose() throws SQLException {
        PgBouncer own = PgBouncer.builder(server).poolMode(PoolMode.SESSION).defaultPoolSize(2).start();
        Path log = own.logFile();
        try (Connection connection = own.connect(server.defaultDatabase()); Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
        }
        own.close();

        assertThat(log).doesNotExist();
        assertThatThrownBy(() -> own.connect(server.defaultDatabase())).isInstanceOf(SQLException.class);
    }

    @Test
    void shouldRefuseMissingBinaryWithInstallHint() {
        assertThatThrownBy(() -> PgBouncer.builder(server).binary(Path.of("/nowhere/pgbouncer")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nowhere/pgbouncer")
                .hasMessageContaining("apt-get install -y pgbouncer");
    }

    @Test
    void shouldRefuseNullServerAndBadSettings() {
        assertThatThrownBy(() -> PgBouncer.builder(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server must not be null");
        assertThatThrownBy(() -> PgBouncer.builder(server).defaultPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultPoolSize must be between 1 and 1000, but was 0");
        assertThatThrownBy(() -> PgBouncer.builder(server).setting("pool_mode\nadmin_users", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PgBouncer parameter name");
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
