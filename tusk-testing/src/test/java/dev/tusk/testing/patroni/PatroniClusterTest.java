package dev.tusk.testing.patroni;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One three-member cluster for the whole class: it is started once, failed over once, then closed by the last test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatroniClusterTest {

    private static final Duration REPLAY = Duration.ofSeconds(10);
    private static final Duration REJOIN = Duration.ofSeconds(90);
    private static PatroniCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = PatroniCluster.start(3);
        System.out.printf("Patroni cluster of 3 started in %d ms%n", cluster.startupTime().toMillis());
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldStartWithOneLeaderAndTwoStreamingReplicas() {
        PatroniMember leader = cluster.leader();
        List<PatroniMember> replicas = cluster.replicas();

        assertThat(replicas).hasSize(2).doesNotContain(leader);
        assertThat(leader.queryString("SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(leader.role()).isEqualTo("master");
        for (PatroniMember replica : replicas) {
            assertThat(replica.queryString("SELECT pg_is_in_recovery()")).isEqualTo("t");
            assertThat(replica.role()).isEqualTo("replica");
            assertThat(leader.queryString("SELECT state FROM pg_stat_replication WHERE application_name = '"
                    + replica.name() + "'")).isEqualTo("streaming");
        }
        assertThat(cluster.clusterView())
                .extracting(ClusterMember::role)
                .containsExactlyInAnyOrder("leader", "replica", "replica");
        assertThat(cluster.clusterView())
                .filteredOn(member -> member.name().equals(leader.name()))
                .singleElement()
                .satisfies(member -> assertThat(member.port()).isEqualTo(leader.port()));
    }

    @Test
    @Order(2)
    void shouldReplicateRowWrittenOnLeaderToEveryReplica() {
        PatroniMember leader = cluster.leader();
        leader.execute("CREATE TABLE ha_rows (id int PRIMARY KEY, note text)");
        leader.execute("INSERT INTO ha_rows VALUES (1, 'before the failover')");

        for (PatroniMember replica : cluster.replicas()) {
            awaitRow(replica, 1, "before the failover");
        }
    }

    @Test
    @Order(3)
    void shouldNameEveryMemberInMultiHostUrl() throws SQLException {
        assertThat(cluster.jdbcUrl("postgres"))
                .isEqualTo("jdbc:postgresql://" + String.join(",", cluster.hostPorts()) + "/postgres");
        // PgJDBC's own primary search over the member list lands on the member Patroni calls leader.
        try (Connection connection = java.sql.DriverManager.getConnection(
                cluster.jdbcUrl("postgres") + "?targetServerType=primary&user=postgres");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('port')::int")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(cluster.leader().port());
        }
    }

    @Test
    @Order(4)
    void shouldRefuseToWaitForNewLeaderBeforeAnyKill() {
        assertThatThrownBy(() -> cluster.waitForNewLeader(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("killLeader() first");
        assertThatThrownBy(() -> cluster.waitForNewLeader(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive, but was PT0S");
        assertThatThrownBy(() -> cluster.member("member9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no member called 'member9'")
                .hasMessageContaining("member1");
    }

    @Test
    @Order(5)
    void shouldPromoteReplicaAfterLeaderIsKilledAndRejoinOldLeaderAsReplica() {
        PatroniMember oldLeader = cluster.killLeader();
        assertThat(oldLeader.isRunning()).isFalse();
        assertThat(oldLeader.postmasterProcess()).isEmpty();
        // Until the dead leader's lock expires, nobody may call itself leader.
        assertThatThrownBy(cluster::leader)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no member of the Patroni cluster answer 200 on /leader")
                .hasMessageContaining(oldLeader.name() + "=not running");

        // Patroni waits for the dead leader's lock to expire: about one TTL, never three.
        Failover failover = cluster.waitForNewLeader(Duration.ofSeconds(3L * cluster.ttlSeconds()));
        System.out.printf("Patroni failover (ttl %d s, loop_wait %d s, retry_timeout %d s): %d ms from SIGKILL to a new "
                        + "leader on /leader, %d ms to writable%n", cluster.ttlSeconds(), cluster.loopWaitSeconds(),
                cluster.retryTimeoutSeconds(), failover.leaderAfter().toMillis(), failover.writableAfter().toMillis());

        PatroniMember newLeader = failover.newLeader();
        assertThat(failover.oldLeader()).isSameAs(oldLeader);
        assertThat(newLeader).isNotSameAs(oldLeader);
        assertThat(cluster.leader()).isSameAs(newLeader);
        assertThat(failover.writableAfter()).isGreaterThanOrEqualTo(failover.leaderAfter());
        // waitForNewLeader returns a leader that has left recovery, so the first write goes through.
        assertThat(newLeader.queryString("SELECT pg_is_in_recovery()")).isEqualTo("f");
        assertThat(newLeader.queryString("SELECT note FROM ha_rows WHERE id = 1")).isEqualTo("before the failover");
        newLeader.execute("INSERT INTO ha_rows VALUES (2, 'after the failover')");

        long rejoinStarted = System.nanoTime();
        oldLeader.start();
        assertThat(cluster.awaitReplication(REJOIN)).isSameAs(newLeader);
        System.out.printf("Old leader rejoined as a streaming replica in %d ms%n",
                Duration.ofNanos(System.nanoTime() - rejoinStarted).toMillis());

        assertThat(oldLeader.queryString("SELECT pg_is_in_recovery()")).isEqualTo("t");
        assertThat(cluster.replicas()).contains(oldLeader).hasSize(2);
        awaitRow(oldLeader, 2, "after the failover");
    }

    @Test
    @Order(6)
    void shouldStopReplicaCleanlyThroughPatroni() {
        PatroniMember replica = cluster.replicas().getFirst();
        ProcessHandle postmaster = replica.postmasterProcess().orElseThrow();

        replica.stop();

        assertThat(replica.isRunning()).isFalse();
        assertThat(postmaster.isAlive()).isFalse();
        assertThat(replica.role()).isEqualTo("unreachable");
        assertThat(cluster.replicas()).doesNotContain(replica).hasSize(1);
        // A clean shutdown, not a crash: the control file says so.
        assertThat(replica.logTail(400)).contains("database system is shut down");
    }

    @Test
    @Order(7)
    void shouldLeaveNoProcessAndNoFolderAfterClose() {
        List<ProcessHandle> processes = cluster.processes();
        Path directory = cluster.directory();
        // etcd, two Patronis and two postmasters at least (one replica was stopped), each postmaster with children.
        assertThat(processes).hasSizeGreaterThanOrEqualTo(5);
        assertThat(directory).isDirectory();

        long closeStarted = System.nanoTime();
        cluster.close();
        System.out.printf("Patroni cluster closed in %d ms%n", Duration.ofNanos(System.nanoTime() - closeStarted).toMillis());

        // Every process has exited; the orphaned PostgreSQL ones may stay zombies until init reaps them.
        assertThat(processes).allMatch(PatroniMember::isGone);
        long deadline = System.nanoTime() + REPLAY.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            PatroniCluster.pause(Duration.ofMillis(50));
        }
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(directory).doesNotExist();
        assertThat(cluster.processes()).isEmpty();
        assertThatThrownBy(cluster::killLeader).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldRefuseBadSettingsNamingThem() {
        assertThatThrownBy(() -> PatroniCluster.builder().members(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("members must be between 1 and 9, but was 0");
        assertThatThrownBy(() -> PatroniCluster.builder().timings(5, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Patroni needs loopWait + 2 * retryTimeout <= ttl, but 1 + 2 * 3 > 5");
        assertThatThrownBy(() -> PatroniCluster.builder().timings(5, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loopWait must be at least 1 second, but was 0");
        assertThatThrownBy(() -> PatroniCluster.builder().timings(3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryTimeout must be at least 2 seconds, but was 1")
                .hasMessageContaining("never takes the leader lock");
        assertThatThrownBy(() -> PatroniCluster.builder().parameter("work_mem\nfsync", "off"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PostgreSQL setting name");
        assertThatThrownBy(() -> PatroniCluster.builder().startTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startTimeout must be positive");
    }

    @Test
    void shouldRefuseMissingProgramsWithInstallHint() {
        assertThatThrownBy(() -> PatroniCluster.builder().patroniBinary(Path.of("/nowhere/patroni")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nowhere/patroni")
                .hasMessageContaining("apt-get install -y patroni");
        assertThatThrownBy(() -> PatroniCluster.builder().etcdBinary(Path.of("/nowhere/etcd")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install -y etcd-server");
    }

    private static void awaitRow(PatroniMember member, int id, String note) {
        long deadline = System.nanoTime() + REPLAY.toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            try {
                seen = member.queryString("SELECT note FROM ha_rows WHERE id = " + id);
            } catch (IllegalStateException tableNotReplayedYet) {
                seen = tableNotReplayedYet.getMessage();
            }
            if (note.equals(seen)) {
                return;
            }
            PatroniCluster.pause(Duration.ofMillis(20));
        }
        throw new AssertionError(member.name() + " did not replay row " + id + " within " + REPLAY + "; last saw: " + seen);
    }
}
