package dev.tusk.testing.replication;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicatedPostgresTest {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    private static ReplicatedPostgres servers;

    @BeforeAll
    static void startServers() {
        servers = ReplicatedPostgres.start();
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void shouldReadOnReplicaRowWrittenOnPrimary() {
        servers.primary().execute("CREATE TABLE replicated_rows (id int, note text)");
        servers.primary().execute("INSERT INTO replicated_rows VALUES (7, 'from the primary')");

        servers.awaitReplicaCaughtUp(CATCH_UP);

        assertThat(servers.replica().queryString("SELECT note FROM replicated_rows WHERE id = 7")).isEqualTo("from the primary");
    }

    @Test
    void shouldRefuseWritesOnReplicaAsReadOnlyTransaction() throws SQLException {
        try (Connection connection = servers.replica().connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE refused (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
    }

    @Test
    void shouldReportReplicaInRecoveryAndPrimaryNot() {
        assertThat(servers.replica().queryString("SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(servers.primary().queryString("SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(servers.isPromoted()).isFalse();
    }

    @Test
    void shouldStreamThroughSlotUnderReplicaApplicationName() {
        assertThat(servers.primary().queryString("SELECT state FROM pg_stat_replication WHERE application_name = '"
                + ReplicatedPostgres.REPLICA_APPLICATION_NAME + "'")).isEqualTo("streaming");
        assertThat(servers.primary().queryString("SELECT active FROM pg_replication_slots WHERE slot_name = '"
                + ReplicatedPostgres.SLOT_NAME + "'")).isEqualTo("t");
    }

    @Test
    void shouldRunReplicaOnItsOwnPortAfterCopyingPrimaryConfig() throws Exception {
        int replicaPort = servers.replica().port();

        assertThat(replicaPort).isNotEqualTo(servers.primary().port());
        assertThat(servers.replica().queryString("SHOW port")).isEqualTo(String.valueOf(replicaPort));
        assertThat(Files.readString(servers.replica().dataDirectory().resolve("tusk-harness.conf")))
                .contains("port = " + replicaPort)
                .doesNotContain("port = " + servers.primary().port());
        assertThat(servers.replica().dataDirectory().resolve("standby.signal")).exists();
        assertThat(servers.replica().dataDirectory().resolve("pg_wal/archive_status")).isDirectory();
    }

    @Test
    void shouldRefuseBadBuilderInput() {
        assertThatThrownBy(() -> ReplicatedPostgres.builder().version(12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 12");
        assertThatThrownBy(() -> ReplicatedPostgres.builder().replicationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicationTimeout must be positive, but was PT0S");
    }
}
