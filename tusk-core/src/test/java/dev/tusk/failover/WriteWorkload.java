package dev.tusk.failover;

import dev.tusk.TuskClient;
import dev.tusk.TuskException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Several virtual threads, each writing rows with keys no other call uses, one transaction per row, until stopped;
 * every call goes into a {@link WriteJournal}. The table has no unique key, so a row applied twice shows as two.
 * A mixed workload alternates one-liners ({@code client.execute}) with {@code inTransaction}, since the two reach
 * the server by different paths (autocommit, and BEGIN ... COMMIT with commit-outcome resolution).
 */
final class WriteWorkload implements AutoCloseable {

    static final String TABLE_DDL = "CREATE TABLE failover_writes (key text NOT NULL, worker int NOT NULL, "
            + "written_at timestamptz NOT NULL DEFAULT clock_timestamp())";
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(10);

    private final TuskClient client;
    private final WriteJournal journal = new WriteJournal();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final boolean mixed;

    private WriteWorkload(TuskClient client, boolean mixed) {
        this.client = client;
        this.mixed = mixed;
    }

    /** Starts {@code workerCount} writers on {@code client}; the table must exist. */
    static WriteWorkload start(TuskClient client, int workerCount) {
        return start(client, workerCount, false);
    }

    /** Starts {@code workerCount} writers that alternate one-liners and {@code inTransaction}; the table must exist. */
    static WriteWorkload startMixed(TuskClient client, int workerCount) {
        return start(client, workerCount, true);
    }

    private static WriteWorkload start(TuskClient client, int workerCount, boolean mixed) {
        WriteWorkload workload = new WriteWorkload(client, mixed);
        for (int worker = 0; worker < workerCount; worker++) {
            int id = worker;
            workload.workers.add(Thread.ofVirtual().name("writer-" + id).start(() -> workload.write(id)));
        }
        return workload;
    }

    WriteJournal journal() {
        return journal;
    }

    private void write(int worker) {
        for (long sequence = 0; !stopping.get(); sequence++) {
            String key = worker + "-" + sequence;
            long started = System.nanoTime();
            try {
                if (mixed && sequence % 2 == 0) {
                    client.execute("INSERT INTO failover_writes (key, worker) VALUES (?, ?)", key, worker);
                } else {
                    client.inTransaction(tx -> tx.execute("INSERT INTO failover_writes (key, worker) VALUES (?, ?)",
                            key, worker));
                }
                journal.acked(key, started);
            } catch (TuskException e) {
                journal.failed(key, e, started);
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURE);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Stops the writers and waits for every call in flight to return, up to {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        stopping.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !worker.join(Duration.ofNanos(left))) {
                throw new IllegalStateException(worker.getName() + " still had a call in flight " + timeout
                        + " after the workload was stopped");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopping.get()) {
            stop(Duration.ofSeconds(60));
        }
    }
}
