package dev.tusk.resilience;

import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Concurrent money transfers whose double application would show: each moves an amount between two accounts and logs
 * a row under a client-generated id in a table with no unique key, all in one {@code inTransaction} call.
 */
final class TransferWorkload {

    static final int ACCOUNTS = 50;
    static final long INITIAL_BALANCE = 1_000_000;
    private static final Duration BACKOFF_AFTER_FAILURE = Duration.ofMillis(10);

    private final TuskClient client;
    private final TransferJournal journal;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    TransferWorkload(TuskClient client, TransferJournal journal, int workers) {
        this.client = client;
        this.journal = journal;
        this.workers = workers;
    }

    /** Creates the accounts and the transfer log in {@code database}; {@code slowCommit} adds a deferred trigger that sleeps at COMMIT. */
    static void createSchema(TestDatabase database, Duration slowCommit) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
            // No unique key on transfer_id on purpose: a transfer applied twice shows as two rows.
            statement.execute("CREATE TABLE transfers (transfer_id uuid NOT NULL, from_id int NOT NULL, "
                    + "to_id int NOT NULL, amount bigint NOT NULL)");
            statement.execute("INSERT INTO accounts SELECT g, " + INITIAL_BALANCE + " FROM generate_series(1, "
                    + ACCOUNTS + ") g");
            if (!slowCommit.isZero()) {
                statement.execute("CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "PERFORM pg_sleep(" + slowCommit.toMillis() / 1000.0 + "); RETURN NULL; END $$");
                // A deferred constraint trigger runs inside COMMIT, so COMMIT takes at least this long.
                statement.execute("CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON transfers "
                        + "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
            }
        }
    }

    /** Starts the workers; each runs one transfer call after another until {@link #stop()}. */
    void start() {
        running = true;
        for (int index = 0; index < workers; index++) {
            Thread thread = Thread.ofPlatform().daemon().name("transfer-worker-" + index).unstarted(this::transferUntilStopped);
            threads.add(thread);
            thread.start();
        }
    }

    /** Asks the workers to stop after their current call. */
    void stop() {
        running = false;
    }

    /** Waits until every worker has ended or {@code deadlineNanos} has passed; true when all ended. */
    boolean awaitWorkers(long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos <= 0 || !thread.join(Duration.ofNanos(remainingNanos))) {
                return threads.stream().noneMatch(Thread::isAlive);
            }
        }
        return true;
    }

    private void transferUntilStopped() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int fromId = random.nextInt(1, ACCOUNTS + 1);
            int toId = random.nextInt(1, ACCOUNTS);
            if (toId >= fromId) {
                toId++;
            }
            long amount = random.nextLong(1, 100);
            TransferJournal.Call call = journal.begin(UUID.randomUUID(), fromId, toId, amount);
            try {
                transfer(call);
                call.acked();
            } catch (Throwable failure) {
                call.failed(failure);
                pause();
            }
        }
    }

    private void transfer(TransferJournal.Call call) {
        // Rows are locked in id order, so the workload itself never deadlocks: every error comes from the fault.
        int first = Math.min(call.fromId(), call.toId());
        int second = Math.max(call.fromId(), call.toId());
        client.inTransaction(tx -> {
            tx.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", delta(call, first), first);
            tx.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", delta(call, second), second);
            tx.execute("INSERT INTO transfers (transfer_id, from_id, to_id, amount) VALUES (?, ?, ?, ?)",
                    call.transferId(), call.fromId(), call.toId(), call.amount());
            return null;
        });
    }

    private static long delta(TransferJournal.Call call, int accountId) {
        return accountId == call.fromId() ? -call.amount() : call.amount();
    }

    private static void pause() {
        try {
            // A caller that backs off a little, so an outage does not turn into a busy loop of failures.
            Thread.sleep(BACKOFF_AFTER_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
