package dev.tusk.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedPostgresTest {

    @Test
    void shouldStartChosenVersionWithServerSettings() throws SQLException {
        try (ManagedPostgres server = ManagedPostgres.builder().version(16).setting("work_mem", "'7MB'").start()) {
            assertThat(server.majorVersion()).isEqualTo(16);
            assertThat(server.queryString("SHOW work_mem")).isEqualTo("7MB");
            try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void shouldStartEachSupportedVersion() {
        for (int version : new int[] {17, 18}) {
            try (ManagedPostgres server = ManagedPostgres.builder().version(version).start()) {
                assertThat(server.majorVersion()).isEqualTo(version);
            }
        }
    }

    @Test
    void shouldKeepDataAcrossStopCrashAndRestart() {
        try (ManagedPostgres server = ManagedPostgres.startDefault()) {
            server.execute("CREATE TABLE kept (id int)");
            server.execute("INSERT INTO kept VALUES (1)");
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(server::connect).isInstanceOf(SQLException.class);
            server.start();
            server.execute("INSERT INTO kept VALUES (2)");
            server.crash();
            assertThatThrownBy(server::connect).isInstanceOf(SQLException.class);
            server.start();
            server.restart();
            assertThat(server.queryString("SELECT count(*) FROM kept")).isEqualTo("2");
        }
    }

    @Test
    void shouldTerminateBackendsByApplicationName() throws SQLException {
        try (ManagedPostgres server = ManagedPostgres.startDefault()) {
            java.util.Properties properties = new java.util.Properties();
            properties.setProperty("user", server.superuser());
            properties.setProperty("ApplicationName", "victim");
            try (Connection victim = java.sql.DriverManager.getConnection(server.jdbcUrl(), properties)) {
                assertThat(server.terminateBackends("victim")).isEqualTo(1);
                assertThatThrownBy(() -> victim.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
            }
            assertThat(server.terminateBackends("victim")).isZero();
        }
    }

    @Test
    void shouldRemoveItsFilesOnClose() {
        ManagedPostgres server = ManagedPostgres.startDefault();
        java.nio.file.Path data = server.dataDirectory();
        assertThat(data).isDirectory();
        server.close();
        assertThat(data).doesNotExist();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldRefuseUnsupportedVersionAndBadSettingName() {
        assertThatThrownBy(() -> ManagedPostgres.builder().version(12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be one of [16, 17, 18], but was 12");
        assertThatThrownBy(() -> ManagedPostgres.builder().setting("work_mem; DROP", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("work_mem; DROP");
    }

    @Test
    void shouldReportServerLogWhenStartFails() {
        assertThatThrownBy(() -> ManagedPostgres.builder().label("broken").setting("shared_buffers", "'not-a-size'").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("shared_buffers");
    }
}
