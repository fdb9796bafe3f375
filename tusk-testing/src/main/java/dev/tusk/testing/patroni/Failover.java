package dev.tusk.testing.patroni;

import java.time.Duration;

/**
 * What {@link PatroniCluster#waitForNewLeader(Duration)} saw: the leader that was killed, the member Patroni promoted,
 * and the time from the SIGKILL to the new leader answering 200 on {@code /leader}.
 */
public record Failover(PatroniMember oldLeader, PatroniMember newLeader, Duration elapsed) {
}
