package dev.tusk.health;

import java.time.Duration;
import java.time.Instant;

/**
 * This application's connections as the server sees them in {@code pg_stat_activity}: the sessions whose
 * {@code application_name} and database are this client's, whichever process opened them. The session that asked is
 * counted as active. Without {@code pg_read_all_stats}, sessions of other roles show no state and count only in
 * {@code total}.
 *
 * @param applicationName   the {@code application_name} the sessions were matched by
 * @param database          the database they were matched by
 * @param active            sessions running a statement
 * @param idle              sessions waiting for a statement outside a transaction
 * @param idleInTransaction sessions waiting inside a transaction, aborted or not: they hold locks and snapshots
 * @param total             every matching session, whatever its state
 * @param serverStartedAt   when the server started ({@code pg_postmaster_start_time()})
 * @param serverUptime      how long the server has run, by its own clock
 * @param checkedAt         when the server answered, by its own clock
 */
public record ConnectionInfo(String applicationName, String database, int active, int idle, int idleInTransaction,
                             int total, Instant serverStartedAt, Duration serverUptime, Instant checkedAt) {
}
