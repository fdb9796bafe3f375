package dev.tusk.internal;

/**
 * Which run of the server a connection was opened to, so that work resolved after a restart can tell it happened:
 * a server that crashed may hand out again transaction ids that were never made durable.
 */
public interface ServerInstance {

    /** Asks a server for its start time and WAL timeline (null on a standby), as this interface describes them. */
    String RUN_QUERY = "SELECT pg_postmaster_start_time()::text, CASE WHEN pg_is_in_recovery() THEN NULL "
            + "ELSE substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END";

    /** {@code pg_postmaster_start_time()} as the server reported it when the connection was opened. */
    String serverStartedAt();

    /**
     * The server's WAL timeline when the connection was opened (eight hex digits, as in WAL file names), or null on a
     * standby. A promotion starts a new timeline: a server on another timeline is a different history, not a restart.
     */
    String serverTimeline();

    /** The process id of the connection's server backend, or 0 when unknown (behind PgBouncer it is PgBouncer's). */
    int backendPid();
}
