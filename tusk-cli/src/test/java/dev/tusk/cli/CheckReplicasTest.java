package dev.tusk.cli;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.tusk.cli.CliHarness.tusk;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tusk check} lists each configured read replica as the client's probe found it. */
class CheckReplicasTest {

    @TempDir
    Path home;

    @Test
    void shouldListEachReadReplicaWithItsStateLagAndPool() {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(1).start()) {
            ManagedPostgres primary = cluster.primary();
            ManagedPostgres replica = cluster.replica();
            cluster.awaitReplicaCaughtUp(ReplicatedPostgres.DEFAULT_REPLICATION_TIMEOUT);
            // A second address where nothing listens: the check must say it is skipped and why, not fail.
            String nowhere = "postgresql://127.0.0.1:1/" + ManagedPostgres.ADMIN_DATABASE;
            Map<String, String> environment = Map.of(
                    "DATABASE_URL", primary.url(ManagedPostgres.ADMIN_DATABASE),
                    "POSTGRES_READ_URLS", "postgresql://" + replica.host() + ":" + replica.port() + "/"
                            + ManagedPostgres.ADMIN_DATABASE + "," + nowhere,
                    "HOME", home.toString());

            CliHarness.Result result = tusk(environment, "check");

            assertThat(result.out()).as(result.printed())
                    .contains("Status:   DEGRADED")
                    .containsPattern("Replicas: " + replica.host() + ":" + replica.port() + " UP, [0-9.]+ s behind")
                    .containsPattern("\n +127\\.0\\.0\\.1:1 DOWN: .*connection refused")
                    .doesNotContain("none configured");
            String replicaLine = result.out().lines().filter(line -> line.contains(":" + replica.port() + " "))
                    .findFirst().orElseThrow();
            assertThat(replicaLine).as(result.printed()).containsPattern("; pool \\d+ of at most \\d+ \\(\\d+ busy\\)");
            assertThat(result.status()).as(result.printed()).isEqualTo(1);
        }
    }
}
