package dev.tusk.testing.junit;

import dev.tusk.testing.ExternalPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres(managed = true, settings = "work_mem='3MB'")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresExtensionTest {

    private static PostgresServer first;
    private static String firstDatabase;

    @Test
    @Order(1)
    void shouldGiveEachTestAFreshDatabase(PostgresServer server, TestDatabase database) throws SQLException {
        first = server;
        firstDatabase = database.name();
        assertThat(server.queryString("SHOW work_mem")).isEqualTo("3MB");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
    }

    @Test
    @Order(2)
    void shouldShareOneServerPerClassAndDropDatabasesAfterEachTest(PostgresServer server, TestDatabase database) {
        assertThat(server).isSameAs(first);
        assertThat(database.name()).isNotEqualTo(firstDatabase);
        assertThat(server.queryString("SELECT count(*) FROM pg_database WHERE datname = '" + firstDatabase + "'"))
                .isEqualTo("0");
        assertThat(server.queryString("SELECT count(*) FROM pg_database WHERE datname = '" + database.name() + "'"))
                .isEqualTo("1");
    }

    @Test
    @Order(3)
    void shouldConnectToAServerNamedByUrl(PostgresServer server, TestDatabase database) {
        ExternalPostgres external = ExternalPostgres.fromUrl(database.url() + "?sslmode=disable");
        assertThat(external.defaultDatabase()).isEqualTo(database.name());
        assertThat(external.queryString("SELECT current_database()")).isEqualTo(database.name());
        ExternalPostgres jdbcForm = ExternalPostgres.fromUrl("jdbc:postgresql://" + server.host() + ":" + server.port()
                + "/" + database.name() + "?user=postgres");
        assertThat(jdbcForm.queryString("SELECT current_user")).isEqualTo("postgres");
        assertThatThrownBy(external::crash)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("TUSK_TEST_DATABASE_URL");
        assertThatThrownBy(() -> ExternalPostgres.fromUrl("mysql://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("postgresql://");
    }

    @AfterAll
    static void serverStillRunsUntilTheClassEnds() {
        assertThat(first.isRunning()).isTrue();
    }
}
