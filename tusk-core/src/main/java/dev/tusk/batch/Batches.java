package dev.tusk.batch;

import dev.tusk.Database;
import dev.tusk.TuskClient;
import dev.tusk.batch.internal.ConcurrentRun;
import dev.tusk.batch.internal.JdbcBatchRun;
import dev.tusk.internal.Connections;
import dev.tusk.query.Sql;

import java.util.List;

/** Runs many statements or many units of work against a {@link Database} in one call. */
public final class Batches {

    private Batches() {
    }

    /** Runs {@code operations} all or nothing in one transaction with the default options; see the full form. */
    public static StatementBatchResult executeBatch(Database database, List<Sql> operations) {
        return executeBatch(database, operations, StatementBatchOptions.DEFAULT);
    }

    /**
     * Runs {@code operations} in order, sending each run of consecutive operations with identical SQL as one JDBC
     * batch (at most {@code jdbcBatchSize} each; INSERTs are rewritten into multi-row {@code VALUES} by the driver),
     * and returns each operation's row count in input order. Only consecutive operations are grouped, so the batch has
     * the effect of running the operations one by one in the order given. Operations must not return rows.
     *
     * <p>With {@code transactional} options (the default) all operations run in one transaction, which joins a
     * transaction already open on this thread; a failure rolls back every operation. Otherwise each JDBC batch commits
     * on its own, in order, and the first failure stops the run: the batches before it stay committed, the failing
     * batch is rolled back whole, and later operations are not run; the last progress report before the failure counts
     * the committed operations.
     *
     * <p>A failure throws the mapped Tusk exception (a {@link dev.tusk.UniqueViolationException}, say), whose message
     * names the failing operation by its position from 1 and its SQL, never its parameter values, and whose suppressed
     * note says what was committed. To name that operation when a JDBC batch fails, the batch is replayed one statement
     * at a time and rolled back (after the earlier batches, in transactional mode), so sequences may advance twice.
     */
    public static StatementBatchResult executeBatch(Database database, List<Sql> operations,
                                                    StatementBatchOptions options) {
        if (database instanceof TuskClient client) {
            // The client runs it with its tracer, which a plain Database does not carry.
            return client.executeBatch(operations, options);
        }
        return JdbcBatchRun.execute(database, operations, options, Connections.tracerOf(database),
                Connections.serverSessionOf(database));
    }

    /**
     * Splits {@code items} into chunks of {@code chunkSize} and runs {@code work} on each chunk on a virtual thread of
     * its own, at most {@code concurrency} at once. Units are isolated: one that throws fails its own items and the
     * others go on. When the run's {@code timeout} passes, units not started are not run and running ones are
     * interrupted (their connections are closed, so their statements may or may not have taken effect); the call then
     * returns without waiting for them. The result holds every item's outcome in input order and the statistics.
     */
    public static <T, R> ItemsResult<T, R> processItems(Database database, List<T> items, ItemWork<T, R> work,
                                                        ItemOptions options) {
        if (database instanceof TuskClient client) {
            return client.processItems(items, work, options);
        }
        return ConcurrentRun.run(database, items, work, options, Connections.tracerOf(database));
    }
}
