package dev.tusk.testing.replication;

import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Promotion ends replication for good, so it gets servers of its own. */
class ReplicatedPostgresPromotionTest {

    @Test
    void shouldAcceptWritesOnReplicaOnlyAfterPromotion() throws SQLException {
        try (ReplicatedPostgres servers = ReplicatedPostgres.start()) {
            servers.primary().execute("CREATE TABLE orders (id int)");
            servers.primary().execute("INSERT INTO orders VALUES (1)");
            servers.awaitReplicaCaughtUp(Duration.ofSeconds(30));
            assertThat(servers.replica().queryString("SELECT pg_is_in_recovery()")).isEqualTo("t");
            assertThatThrownBy(() -> insertOrder(servers.replica(), 2))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));

            ManagedPostgres promoted = servers.promote();

            assertThat(promoted).isSameAs(servers.replica());
            assertThat(servers.isPromoted()).isTrue();
            assertThat(promoted.queryString("SELECT pg_is_in_recovery()")).isEqualTo("f");
            insertOrder(promoted, 2);
            assertThat(promoted.queryString("SELECT string_agg(id::text, ',' ORDER BY id) FROM orders")).isEqualTo("1,2");
            assertThatThrownBy(() -> servers.awaitReplicaCaughtUp(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was promoted");
            assertThatThrownBy(servers::promote)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already promoted");
        }
    }

    private static void insertOrder(ManagedPostgres server, int id) throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO orders VALUES (" + id + ")");
        }
    }
}
