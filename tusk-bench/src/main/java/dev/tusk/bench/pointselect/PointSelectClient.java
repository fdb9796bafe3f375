package dev.tusk.bench.pointselect;

/** One way of running the point-select query, measured by the harness; shared by all workers, so thread-safe. */
public interface PointSelectClient extends MeasuredClient {

    /** The query every client runs, as {@code pgbench -S} does. */
    String SQL = "SELECT abalance FROM pgbench_accounts WHERE aid = ?";

    /** Reads the balance of account {@code aid}; throws when the account does not exist. */
    int select(int aid) throws Exception;

    /** Runs one point-select: {@link #select(int)}. */
    @Override
    default void run(int aid) throws Exception {
        select(aid);
    }
}
