package dev.tusk.health;

import java.time.Duration;
import java.time.Instant;

/**
 * What the server said about itself in the health check's one round trip.
 *
 * @param version      {@code server_version}, such as {@code 17.2}
 * @param time         the server's clock when it answered
 * @param uptime       how long the server has run since {@code pg_postmaster_start_time()}
 * @param replica      whether the server is a standby in recovery ({@code pg_is_in_recovery()})
 * @param replayLag    on a replica, how far behind the primary the data it shows is: zero when it has replayed all
 *                     WAL it received, else the time since the last replayed commit; null on a primary, or on a
 *                     replica that has replayed no transaction yet
 * @param replayPaused on a replica, whether replay is paused ({@code pg_wal_replay_pause()}); false on a primary
 * @param tls          whether this connection is encrypted, as {@code pg_stat_ssl} reports it
 */
public record ServerHealth(String version, Instant time, Duration uptime, boolean replica, Duration replayLag,
                           boolean replayPaused, boolean tls) {
}
