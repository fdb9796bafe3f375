package dev.tusk.internal;

/**
 * Which run of the server a connection was opened to, so that work resolved after a restart can tell it happened:
 * a server that crashed may hand out again transaction ids that were never made durable.
 */
public interface ServerInstance {

    /** {@code pg_postmaster_start_time()} as the server reported it when the connection was opened. */
    String serverStartedAt();

    /** The process id of the connection's server backend, or 0 when unknown (behind PgBouncer it is PgBouncer's). */
    int backendPid();
}
