package dev.tusk.health;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A client whose server is a replica: its replay lag, from a real standby whose replay is paused. */
class ReplicaHealthTest {

    @Test
    void shouldReportDegradedWhileReplayIsPausedAndTheReplicaFallsBehindThenHealthyOnceItCatchesUp() throws Exception {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.start()) {
            ManagedPostgres replica = cluster.replica();
            try (TuskClient client = Tusk.connect(TuskConfig.fromUrl(replica.url(replica.defaultDatabase())))) {
                HealthReport caughtUp = client.health();
                assertThat(caughtUp.status()).as(caughtUp.reasons().toString()).isEqualTo(HealthStatus.HEALTHY);
                assertThat(caughtUp.server().replica()).isTrue();

                replica.execute("SELECT pg_wal_replay_pause()");
                cluster.primary().execute("CREATE TABLE written_while_paused (id int)");
                HealthReport lagging = caughtUp;
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                while (lagging.status() == HealthStatus.HEALTHY && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    lagging = client.health();
                }

                assertThat(lagging.status()).as(lagging.reasons().toString()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(lagging.server().replayPaused()).isTrue();
                assertThat(lagging.server().replayLag()).isGreaterThanOrEqualTo(HealthReport.REPLICA_LAG_THRESHOLD);
                assertThat(lagging.reasons()).singleElement().asString().startsWith("this replica's data is ")
                        .contains("behind the primary").contains("SELECT pg_wal_replay_resume()");
                assertThat(lagging.toJson()).contains("\"isReplica\":true").contains("\"replayPaused\":true");

                replica.execute("SELECT pg_wal_replay_resume()");
                cluster.awaitReplicaCaughtUp(Duration.ofSeconds(30));
                HealthReport resumed = client.health();
                assertThat(resumed.status()).as(resumed.reasons().toString()).isEqualTo(HealthStatus.HEALTHY);
                assertThat(resumed.server().replayLag()).isZero();
            }
        }
    }
}
