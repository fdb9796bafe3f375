package dev.tusk.health;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the server sees of this application's connections. */
@WithPostgres
class ConnectionInfoTest {

    @Test
    void shouldCountThisApplicationsSessionsByStateAsTheServerSeesThem(TestDatabase database) throws Exception {
        TuskConfig config = TuskConfig.fromUrl(database.url()).toBuilder().applicationName("connection-info-test")
                .poolMinSize(3).poolMaxSize(3).build();
        try (TuskClient client = Tusk.connect(config);
             Connection inTransaction = client.dataSource().getConnection()) {
            inTransaction.setAutoCommit(false);
            try (Statement statement = inTransaction.createStatement()) {
                statement.execute("SELECT 1");
            }
            // Someone else's session on the same database is not counted.
            try (Connection other = database.connect()) {
                ConnectionInfo info = client.connectionInfo();

                assertThat(info.applicationName()).isEqualTo("connection-info-test");
                assertThat(info.database()).isEqualTo(database.name());
                assertThat(info.total()).isEqualTo(3).isEqualTo(client.poolStats().size());
                assertThat(info.idleInTransaction()).isEqualTo(1);
                assertThat(info.active()).as("the session asking").isEqualTo(1);
                assertThat(info.idle()).isEqualTo(1);
                assertThat(info.serverStartedAt()).isBefore(Instant.now());
                assertThat(info.serverUptime()).isPositive();
                assertThat(info.checkedAt()).isAfter(info.serverStartedAt());
            }
        }
    }

    @Test
    void shouldGiveTheMeanTimeOfThisClientsStatementsWhenMetricsAreOn(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThat(client.connectionInfo().averageQueryTime()).as("nothing has run yet").isNull();
            client.queryValue("SELECT 1 FROM pg_sleep(0.05)", Integer.class);
            client.queryValue("SELECT 1 FROM pg_sleep(0.05)", Integer.class);
            // Three statements now: two sleeps of 50 ms and the first connectionInfo query.
            assertThat(client.connectionInfo().averageQueryTime()).isGreaterThan(Duration.ofMillis(20))
                    .isLessThan(Duration.ofSeconds(5));
        }
        TuskConfig off = TuskConfig.fromUrl(database.url()).toBuilder().metricsEnabled(false).build();
        try (TuskClient client = Tusk.connect(off)) {
            client.queryValue("SELECT 1", Integer.class);
            assertThat(client.connectionInfo().averageQueryTime()).isNull();
        }
    }
}
