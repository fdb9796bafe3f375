package dev.tusk.config.internal;

import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class JdbcPropertiesServerConfigTest {

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void shouldApplyTimeoutsApplicationNameAndOptionsOnARealServer(TestDatabase database) throws SQLException {
        TuskConfig config = TuskConfig.builder().url(database.url()).sslMode(SslMode.DISABLE)
                .applicationName("tusk-jdbc-properties").statementTimeout(Duration.ofMillis(1500))
                .idleInTransactionTimeout(Duration.ofSeconds(7)).options("-c search_path=app,public").build();

        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), JdbcProperties.of(config))) {
            assertThat(show(connection, "statement_timeout")).isEqualTo("1500ms");
            assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("7s");
            assertThat(show(connection, "application_name")).isEqualTo("tusk-jdbc-properties");
            assertThat(show(connection, "search_path")).isEqualTo("app,public");
        }
    }

    @Test
    void shouldLetAnExplicitOptionOverrideTheConfiguredStatementTimeout(TestDatabase database) throws SQLException {
        TuskConfig config = TuskConfig.builder().url(database.url()).sslMode(SslMode.DISABLE)
                .statementTimeout(Duration.ofSeconds(30)).options("-c statement_timeout=250").build();

        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), JdbcProperties.of(config))) {
            assertThat(show(connection, "statement_timeout")).isEqualTo("250ms");
            assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("0");
        }
    }
}
