package dev.tusk.routing.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How a replica's lag is judged from the primary's sampled WAL positions, without servers or sleeps. */
class PrimaryPositionsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldCountAReplicaThatReplayedTheNewestSampleAsCaughtUpHoweverOldItsLastCommitIs() {
        PrimaryPositions positions = new PrimaryPositions(16);
        positions.record(0x3000060, 10 * SECOND);

        // An idle primary: the last commit is an hour old, but nothing since is missing on the replica.
        PrimaryPositions.Estimate estimate = positions.estimate(0x3000060, Duration.ofHours(1), true, 11 * SECOND);

        assertThat(estimate.lag()).isZero();
        assertThat(estimate.lagBytes()).isZero();
    }

    @Test
    void shouldJudgeAStalledReplicaByTheNewestSampleItHasReplayed() {
        PrimaryPositions positions = new PrimaryPositions(16);
        positions.record(100, 10 * SECOND);
        positions.record(100, 11 * SECOND);
        positions.record(500, 12 * SECOND);
        positions.record(900, 13 * SECOND);

        // Replayed up to 100: it has all the primary had at 11 s, nothing of what came after.
        PrimaryPositions.Estimate estimate = positions.estimate(100, Duration.ofHours(1), false, 15 * SECOND);

        assertThat(estimate.lag()).isEqualTo(Duration.ofSeconds(4));
        assertThat(estimate.lagBytes()).isEqualTo(800);
    }

    @Test
    void shouldTakeTheAgeOfTheLastReplayedCommitWhenThatIsSmaller() {
        PrimaryPositions positions = new PrimaryPositions(16);
        positions.record(100, 10 * SECOND);
        positions.record(900, 20 * SECOND);

        PrimaryPositions.Estimate estimate = positions.estimate(600, Duration.ofMillis(300), false, 21 * SECOND);

        assertThat(estimate.lag()).isEqualTo(Duration.ofMillis(300));
        assertThat(estimate.lagBytes()).isEqualTo(300);
    }

    @Test
    void shouldCountAReplicaBehindEverySampleAsAtLeastAsOldAsTheOldest() {
        PrimaryPositions positions = new PrimaryPositions(2);
        positions.record(100, 10 * SECOND);
        positions.record(200, 11 * SECOND);
        positions.record(300, 12 * SECOND);

        assertThat(positions.estimate(50, null, false, 20 * SECOND).lag()).isEqualTo(Duration.ofSeconds(9));
        assertThat(positions.estimate(50, Duration.ofSeconds(30), false, 20 * SECOND).lag())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldFallBackToTheReplicasOwnViewWithoutSamples() {
        PrimaryPositions positions = new PrimaryPositions(16);

        assertThat(positions.estimate(100, Duration.ofHours(1), true, SECOND).lag()).isZero();
        assertThat(positions.estimate(100, Duration.ofSeconds(3), false, SECOND).lag()).isEqualTo(Duration.ofSeconds(3));
        assertThat(positions.estimate(100, null, false, SECOND).lag()).isNull();
        assertThat(positions.estimate(100, null, false, SECOND).lagBytes()).isEqualTo(-1);
    }

    @Test
    void shouldForgetTheHistoryWhenThePrimarysPositionGoesBack() {
        PrimaryPositions positions = new PrimaryPositions(16);
        positions.record(900, 10 * SECOND);
        // Another server answers after a failover, at a lower position: the old samples are not its history.
        positions.record(400, 11 * SECOND);

        assertThat(positions.newest().lsn()).isEqualTo(400);
        assertThat(positions.estimate(400, null, false, 12 * SECOND).lag()).isZero();
    }

    @Test
    void shouldReadPgLsnText() {
        assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("0/0")).isZero();
        assertThat(Lsn.parse(null)).isEqualTo(-1);
    }
}
