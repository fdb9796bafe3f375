package dev.tusk.bench.writetx;

import dev.tusk.bench.pointselect.MeasuredClient;

/** One way of running the small write transaction, measured by the harness; shared by all workers, so thread-safe. */
public interface WriteTxClient extends MeasuredClient {

    /** The one statement of the transaction, on a uniformly random account. */
    String UPDATE_SQL = "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?";

    /** What Tusk sends along the first write of a read-write transaction, to resolve a COMMIT whose answer is lost. */
    String TRANSACTION_ID_SQL = "SELECT pg_current_xact_id_if_assigned()::text";

    /** What each transaction adds to the balance; small, so that long runs never overflow an int. */
    int DELTA = 1;

    /** Tusk's {@code inTransaction} with its defaults. */
    String TUSK = "tusk";
    /** HikariCP + PgJDBC: autocommit off, the UPDATE, COMMIT. */
    String RAW = "raw";
    /** As {@link #RAW}, with Tusk's transaction-id query riding along the UPDATE. */
    String RAW_XID = "raw+xid";
}
