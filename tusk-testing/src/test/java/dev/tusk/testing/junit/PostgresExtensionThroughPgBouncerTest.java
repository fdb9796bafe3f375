package dev.tusk.testing.junit;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.pgbouncer.BehindPgBouncer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres(managed = true, throughPgBouncer = true)
class PostgresExtensionThroughPgBouncerTest {

    @Test
    void shouldSendClientsThroughPgBouncerAndAdministrationStraightToTheServer(PostgresServer server, ManagedPostgres managed,
                                                                             TestDatabase database) throws SQLException {
        BehindPgBouncer view = (BehindPgBouncer) server;
        assertThat(view.server()).isSameAs(managed);
        assertThat(database.server()).isSameAs(server);
        assertThat(server.port()).isEqualTo(view.bouncer().port()).isNotEqualTo(managed.port());
        assertThat(database.url()).isEqualTo("postgresql://postgres@127.0.0.1:" + view.bouncer().port() + "/"
                + database.name() + "?pgbouncer=true");
        assertThat(database.jdbcUrl()).endsWith("/" + database.name() + "?prepareThreshold=0");
        assertThat(view.bouncer().adminQuery("SHOW CONFIG")).filteredOn(row -> "server_login_retry".equals(row.get("key")))
                .singleElement().satisfies(row -> assertThat(row.get("value"))
                        .isEqualTo(String.valueOf(BehindPgBouncer.SERVER_LOGIN_RETRY_SECONDS)));

        // A client connection reaches the database through PgBouncer, more times than PgJDBC's prepare threshold.
        try (Connection client = database.connect();
             PreparedStatement statement = client.prepareStatement("SELECT current_database() || ?")) {
            for (int i = 0; i < 6; i++) {
                statement.setString(1, "");
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertThat(rows.getString(1)).isEqualTo(database.name());
                }
            }
        }
        assertThat(view.bouncer().adminQuery("SHOW POOLS")).anyMatch(pool -> database.name().equals(pool.get("database")));
        // Administration is the server's own: databases are created there and PgBouncer is never asked.
        assertThat(server.queryString("SELECT count(*) FROM pg_database WHERE datname = '" + database.name() + "'"))
                .isEqualTo("1");
        assertThat(server.majorVersion()).isEqualTo(managed.majorVersion());
    }

    @Test
    void shouldStopPgBouncerButNotTheServerWhenTheViewCloses(ManagedPostgres managed) {
        BehindPgBouncer own = BehindPgBouncer.start(managed);
        own.close();
        assertThat(own.isRunning()).isTrue();
        assertThat(managed.isRunning()).isTrue();
        assertThat(own.toString()).contains("closed");
    }
}
