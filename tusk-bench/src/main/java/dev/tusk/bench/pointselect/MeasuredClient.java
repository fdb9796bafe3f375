package dev.tusk.bench.pointselect;

/** A client the {@link Workload} drives: one operation on one account per call; shared by all workers, so thread-safe. */
public interface MeasuredClient extends AutoCloseable {

    /** A short name for reports, such as {@code tusk}. */
    String name();

    /** Runs one operation on account {@code aid}; throws when it fails or the account does not exist. */
    void run(int aid) throws Exception;

    /** Closes the client's pool. */
    @Override
    void close();
}
