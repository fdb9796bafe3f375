package dev.tusk.routing;

import dev.tusk.config.ServerAddress;
import dev.tusk.pool.PoolStats;

import java.time.Duration;
import java.time.Instant;

/**
 * One read replica as its latest background probe found it, with its own pool's figures.
 *
 * @param server    the replica's address
 * @param state     whether it takes reads, and if not, why in one word
 * @param replayLag how far behind the primary its data is (zero when it has replayed everything the primary had
 *                  written at the last sample); null when unknown (down, or never probed)
 * @param lagBytes  WAL bytes between the primary's last sampled position and the replica's replay position; -1 when unknown
 * @param replayPaused whether replay is paused on it ({@code pg_wal_replay_pause()})
 * @param reason    why it is skipped, one readable sentence; null when it is {@link ReplicaState#UP}
 * @param checkedAt when the probe that set this status ran; null before the first
 * @param pool      the replica's own pool
 */
public record ReplicaStatus(ServerAddress server, ReplicaState state, Duration replayLag, long lagBytes,
                            boolean replayPaused, String reason, Instant checkedAt, PoolStats pool) {
}
