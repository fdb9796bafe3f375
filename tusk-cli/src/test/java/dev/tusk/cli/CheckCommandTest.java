package dev.tusk.cli;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import dev.tusk.testing.proxy.FaultProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.tusk.cli.CliHarness.tusk;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tusk check}: each exit status from a real condition of the configured server. */
@WithPostgres
class CheckCommandTest {

    @TempDir
    Path home;

    @Test
    void shouldExitZeroAndPrintTheReportWhenTheDatabaseIsHealthy(PostgresServer server, TestDatabase database) {
        CliHarness.Result result = tusk(CliHarness.environment(database, home), "check");

        assertThat(result.status()).as(result.printed()).isZero();
        assertThat(result.out())
                .contains("Database: postgres@127.0.0.1:" + server.port() + "/" + database.name())
                .contains("Status:   HEALTHY")
                .containsPattern("Server: +PostgreSQL \\d+\\S*, primary, up [0-9d :]+, server time \\S+, TLS not in use")
                .containsPattern("Query: +answered in [0-9.]+ ms \\(slowQueryThreshold 1000 ms\\)")
                .contains("Replicas: none configured")
                .containsPattern("Pool: +\\d+ of at most 10 connections .*: NORMAL; 0 potential leaks")
                .contains("Breaker:  CLOSED")
                .containsPattern("TLS: +off \\(sslmode=\\S+\\)\n")
                .contains("Configuration: no problems found")
                .contains("Exit status 0 (0 healthy, 1 degraded, 2 unhealthy)");
    }

    @Test
    void shouldExitOneWhenTheServerAnswersSlowerThanTheSlowQueryThreshold(PostgresServer server, TestDatabase database) {
        try (FaultProxy proxy = FaultProxy.start(server.host(), server.port())) {
            proxy.latency(Duration.ofMillis(60));
            Map<String, String> environment = new HashMap<>(CliHarness.environment(database, home));
            environment.put("DATABASE_URL", database.url().replace(server.host() + ":" + server.port(),
                    proxy.host() + ":" + proxy.port()));
            environment.put("POSTGRESQL_SLOW_QUERY_THRESHOLD", "50");

            CliHarness.Result result = tusk(environment, "check");

            assertThat(result.status()).as(result.printed()).isEqualTo(1);
            assertThat(result.out()).contains("Status:   DEGRADED")
                    .containsPattern("  - the test query took \\d+ ms, over slowQueryThreshold 50 ms")
                    .contains("Exit status 1");
        }
    }

    @Test
    void shouldExitTwoWithinSecondsWhenNoServerListensAndNeverShowThePassword() {
        long started = System.nanoTime();
        CliHarness.Result result = tusk(Map.of("DATABASE_URL", "postgresql://app:hunter2@127.0.0.1:1/app",
                "HOME", home.toString()), "check");

        assertThat(result.status()).as(result.printed()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.out()).contains("Status:   UNHEALTHY").contains("no connection to 127.0.0.1:1/app")
                .contains("Server:   not reached").contains("Exit status 2");
        assertThat(result.printed()).doesNotContain("hunter2");
    }

    @Test
    void shouldExitTwoListingTheProblemsWhenTheConfigurationCannotBeUsed() {
        CliHarness.Result result = tusk(Map.of("DATABASE_URL", "mysql://root:hunter2@db/app", "HOME", home.toString()),
                "check");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("tusk check: UNHEALTHY: the configuration cannot be used:")
                .contains("DATABASE_URL");
        assertThat(result.printed()).doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseToCheckWhenNoDatabaseIsConfigured() {
        CliHarness.Result result = tusk(Map.of("HOME", home.toString()), "check");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("no database configured: set DATABASE_URL");
    }
}
