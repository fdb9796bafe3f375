package dev.tusk.failover;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.listen.Notification;
import dev.tusk.listen.NotificationListener;
import dev.tusk.listen.PossibleLoss;
import dev.tusk.listen.Subscription;
import dev.tusk.testing.patroni.PatroniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tusk through a real Patroni failover: a client on a URL listing all three members with
 * {@code target_session_attrs=read-write}, six virtual threads writing unique keys through one-liners and
 * {@code inTransaction}, the leader SIGKILLed, Patroni promoting a replica. Patroni runs in synchronous mode: commits
 * wait for the synchronous standby and only that standby may be promoted, so every acknowledged write must be on the
 * new leader; with asynchronous replication the last acknowledged commits before the kill can be lost by design.
 * A LISTEN subscription on the same member list rides through the same failover and hears the new leader.
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
    void shouldMoveWritesAndListenToTheNewLeaderLosingNoAcknowledgedWriteAndApplyingNoneTwice() throws Exception {
        assertThat(cluster.leader().queryString("SHOW synchronous_standby_names")).as("a synchronous standby")
                .isNotBlank();

        List<Object> heard = new CopyOnWriteArrayList<>();
        PatroniRound round;
        // A LISTEN subscription of its own client rides through the same failover: it must end up on the new leader.
        try (TuskClient listening = Tusk.connect(TuskConfig.builder().url(PatroniRound.url(cluster))
                .applicationName("patroni-listen").poolMinSize(0).poolMaxSize(1).build());
             Subscription ignored = listening.listen("ha_events", NotificationListener.of(heard::add, heard::add))) {
            listening.notify("ha_events", "before");
            awaitHeard(heard, "before");

            round = PatroniRound.run(cluster, "patroni-failover");
            System.out.println("[PatroniFailoverTest] " + round.summary());

            listening.notify("ha_events", "after");
            awaitHeard(heard, "after");
        }
        PossibleLoss.ConnectionGap gap = heard.stream().filter(PossibleLoss.ConnectionGap.class::isInstance)
                .map(PossibleLoss.ConnectionGap.class::cast).findFirst().orElseThrow();
        // The gap starts about when the leader died, so its length beyond kill → writable is how long LISTEN took to
        // come back after the promotion.
        System.out.printf("[PatroniFailoverTest] LISTEN gap %d ms (kill → writable %d ms), so LISTEN again about %d ms "
                        + "after the promotion; cause %s%n", gap.duration().toMillis(),
                round.failover().writableAfter().toMillis(),
                gap.duration().minus(round.failover().writableAfter()).toMillis(), gap.cause());

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
        assertThat(heard).as("notifications and losses heard, in order").hasSize(3);
        assertThat(((Notification) heard.get(0)).payload()).isEqualTo("before");
        assertThat(heard.get(1)).isSameAs(gap);
        assertThat(((Notification) heard.get(2)).payload()).isEqualTo("after");
        assertThat(gap.duration()).isLessThan(round.failover().writableAfter().plus(FIRST_WRITE_BOUND));
    }

    private static void awaitHeard(List<Object> heard, String payload) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (heard.stream().noneMatch(event -> event instanceof Notification n && n.payload().equals(payload))) {
            assertThat(System.nanoTime()).as("notification '" + payload + "' heard; so far " + heard).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
