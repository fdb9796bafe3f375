package dev.tusk.failover;

import dev.tusk.testing.patroni.PatroniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tusk through a real Patroni failover: a client on a URL listing all three members with
 * {@code target_session_attrs=read-write}, six virtual threads writing unique keys through one-liners and
 * {@code inTransaction}, the leader SIGKILLed, Patroni promoting a replica. Patroni runs in synchronous mode: commits
 * wait for the synchronous standby and only that standby may be promoted, so every acknowledged write must be on the
 * new leader; with asynchronous replication the last acknowledged commits before the kill can be lost by design.
 */
class PatroniFailoverTest {

    /**
     * A generous bound for a shared 2-core machine (load averages of 10 and more); the measured figures, median and
     * max over many failovers from {@link PatroniFailoverRounds}, are in HIGH-AVAILABILITY.md.
     */
    private static final Duration FIRST_WRITE_BOUND = Duration.ofSeconds(5);
    private static PatroniCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = PatroniCluster.builder().members(3).synchronousMode(true).start();
        PatroniRound.prepare(cluster);
    }

    @AfterAll
    static void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldMoveWritesToTheNewLeaderLosingNoAcknowledgedWriteAndApplyingNoneTwice() throws Exception {
        assertThat(cluster.leader().queryString("SHOW synchronous_standby_names")).as("a synchronous standby")
                .isNotBlank();

        PatroniRound round = PatroniRound.run(cluster, "patroni-failover");
        System.out.println("[PatroniFailoverTest] " + round.summary());

        assertThat(round.failover().newLeader()).isNotSameAs(round.oldLeader());
        assertThat(round.lost()).as("acknowledged writes lost; " + round.summary()).isZero();
        assertThat(round.duplicated()).as("writes applied twice; " + round.summary()).isZero();
        // Every promise at once: acknowledged exactly once, failed never, ambiguous (including every
        // CommitOutcomeUnknownException, never counted as acknowledged) at most once, no row nobody wrote.
        assertThat(round.audit().violations()).as(round.summary()).isEmpty();
        assertThat(round.unknownCommitted()).isBetween(0, round.unknown());
        assertThat(round.audit().acked()).as("writes acknowledged in the whole round").isGreaterThan(100);
        assertThat(round.promotionToWriteMillis()).as(round.summary())
                .isLessThanOrEqualTo((double) FIRST_WRITE_BOUND.toMillis());
    }
}
