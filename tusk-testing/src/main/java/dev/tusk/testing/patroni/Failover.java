package dev.tusk.testing.patroni;

import java.time.Duration;

/**
 * What {@link PatroniCluster#waitForNewLeader(Duration)} saw after a leader was killed: the member Patroni promoted,
 * the time from the SIGKILL until it answered 200 on {@code /leader}, and until it accepted writes.
 *
 * <p>Patroni answers 200 as soon as it holds the leader lock and has asked PostgreSQL to promote, so for a few dozen
 * milliseconds the new leader still refuses writes with SQLSTATE 25006; {@code writableAfter} is when
 * {@code pg_is_in_recovery()} turned false.
 */
public record Failover(PatroniMember oldLeader, PatroniMember newLeader, Duration leaderAfter, Duration writableAfter) {
}
