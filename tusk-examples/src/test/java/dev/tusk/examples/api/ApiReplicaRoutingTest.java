package dev.tusk.examples.api;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.routing.ReplicaState;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With a read replica configured, the API's reads run on the replica: its own statistics count them. */
class ApiReplicaRoutingTest {

    private static final String SCHEMA = "codes";
    private static final Duration WAIT = Duration.ofSeconds(30);
    // Reads a table's scans as the server's cumulative statistics count them; a standby counts its own reads.
    private static final String SCANS = "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0) "
            + "FROM pg_stat_user_tables WHERE schemaname = 'codes' AND relname = 'jurisdiction'";

    private static ReplicatedPostgres cluster;
    private static ManagedPostgres primary;
    private static ManagedPostgres replica;

    @BeforeAll
    static void startCluster() {
        cluster = ReplicatedPostgres.start();
        primary = cluster.primary();
        replica = cluster.replica();
        try (TuskClient writer = Tusk.connect(primary.url(primary.defaultDatabase()))) {
            ApiSchema.migrate(writer.dataSource(), SCHEMA);
            SampleData.load(writer, SCHEMA);
        }
        cluster.awaitReplicaCaughtUp(WAIT);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void shouldServeReadsFromTheReplicaAndShowItInHealth() throws Exception {
        TuskConfig config = TuskConfig.fromUrl(primary.url(primary.defaultDatabase())).toBuilder()
                .readReplicas(List.of("postgresql://" + replica.host() + ":" + replica.port()))
                .replicaCheckInterval(Duration.ofMillis(100)).build();
        try (TuskClient client = Tusk.connect(config)) {
            awaitReplicaUp(client);
            ApiServer server = ApiServer.start(client, ApiSettings.defaults().withPort(0).withSchema(SCHEMA));
            try {
                assertThat(Http.get(server.uri(), "/diagnostics/read-server").body())
                        .startsWith("{\"role\":\"replica\",\"inRecovery\":true,\"serverPort\":" + replica.port() + ",");

                long before = Long.parseLong(replica.queryString(SCANS));
                int requests = 5;
                for (int i = 0; i < requests; i++) {
                    Http.Response response = Http.get(server.uri(), "/jurisdictions?type=state");
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(response.body()).startsWith("{\"total\":5,");
                }
                assertThat(Http.get(server.uri(), "/jurisdictions/us-ca").body()).contains("\"name\":\"California\"");
                // Backends report their statistics when idle, at most about every 10 s: wait for the replica's count.
                long after = before;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (after < before + requests + 1 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(200);
                    after = Long.parseLong(replica.queryString(SCANS));
                }
                assertThat(after - before).as("scans of codes.jurisdiction on the replica").isGreaterThanOrEqualTo(requests + 1);

                Http.Response health = Http.get(server.uri(), "/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.body()).startsWith("{\"status\":\"HEALTHY\"")
                        .contains("\"replicas\":[{\"server\":\"" + replica.host() + ":" + replica.port() + "\",\"state\":\"UP\"");
            } finally {
                server.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    private static void awaitReplicaUp(TuskClient client) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.replicas().getFirst().state() != ReplicaState.UP && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        assertThat(client.replicas().getFirst().state()).as(client.replicas().toString()).isEqualTo(ReplicaState.UP);
    }
}
