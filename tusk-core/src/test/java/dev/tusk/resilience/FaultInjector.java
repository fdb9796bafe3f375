package dev.tusk.resilience;

import dev.tusk.TuskClient;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.proxy.FaultProxy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Injects one fault of each kind into a running workload and says when the fault ended and what it did. */
final class FaultInjector {

    /**
     * What one injection did.
     *
     * @param clearedAtNanos when the server accepted connections again, or the network was healed
     * @param note           what the fault did, in numbers, for the report
     * @param landedInCommit terminations or resets that hit a connection inside COMMIT
     */
    record Injection(long clearedAtNanos, String note, int landedInCommit) {
    }

    /** Counts of one round of terminations, taken from the same pg_stat_activity snapshot that chose the victims. */
    private record Terminations(int terminated, int busy, int committing, int committedUnacknowledged) {
    }

    static final Duration FAULT_LENGTH = Duration.ofSeconds(2);
    static final Duration STORM_INTERVAL = Duration.ofMillis(100);
    static final Duration LATENCY = Duration.ofMillis(50);
    static final Duration HOG_HOLD = Duration.ofMillis(2500);
    private static final Duration COMMIT_HOLD_FILL = Duration.ofMillis(200);
    private static final String PHANTOM_STANDBY = "'tusk_phantom_standby'";

    private final ManagedPostgres server;
    private final FaultProxy proxy;

    FaultInjector(ManagedPostgres server, FaultProxy proxy) {
        this.server = server;
        this.proxy = proxy;
    }

    /** Injects {@code kind} against the sessions named {@code applicationName}; returns once the fault has ended. */
    Injection inject(FaultKind kind, String applicationName, TuskClient client, int hogs) throws Exception {
        return switch (kind) {
            case TERMINATE_MID_QUERY -> {
                Terminations round = terminate(applicationName);
                yield new Injection(System.nanoTime(), round.terminated() + " terminated, " + round.busy()
                        + " of them mid-statement", 0);
            }
            case TERMINATE_MID_COMMIT -> terminateMidCommit(applicationName);
            case TERMINATION_STORM -> storm(applicationName);
            case FAST_RESTART -> {
                server.restart();
                yield new Injection(System.nanoTime(), "pg_ctl stop -m fast, start", 0);
            }
            case CRASH_RESTART -> {
                server.crash();
                Thread.sleep(FAULT_LENGTH);
                server.start();
                yield new Injection(System.nanoTime(), "pg_ctl stop -m immediate, 2 s down, start", 0);
            }
            case LATENCY -> {
                proxy.latency(LATENCY);
                Thread.sleep(FAULT_LENGTH);
                proxy.heal();
                yield new Injection(System.nanoTime(), "50 ms each way on " + proxy.openConnections()
                        + " connections", 0);
            }
            case BLACKHOLE -> {
                int open = proxy.openConnections();
                proxy.blackhole();
                Thread.sleep(FAULT_LENGTH);
                proxy.heal();
                yield new Injection(System.nanoTime(), open + " connections silenced for 2 s", 0);
            }
            case RESET_ALL -> resetWithCommitsInFlight(applicationName);
            case POOL_EXHAUSTION -> exhaustPool(client, hogs);
        };
    }

    /** Ends every session named {@code applicationName}, counting what the victims were doing. */
    private Terminations terminate(String applicationName) throws SQLException {
        try (Connection connection = server.connect(PostgresServer.ADMIN_DATABASE);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)), "
                             + "count(*) FILTER (WHERE state = 'active'), "
                             + "count(*) FILTER (WHERE state = 'active' AND query = 'COMMIT' "
                             + "AND wait_event IS DISTINCT FROM 'SyncRep'), "
                             + "count(*) FILTER (WHERE wait_event = 'SyncRep') "
                             + "FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, applicationName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Terminations(rows.getInt(1), rows.getInt(2), rows.getInt(3), rows.getInt(4));
            }
        }
    }

    /**
     * Two rounds. The first lands while COMMIT runs a deferred trigger that sleeps, so the victim's transaction aborts
     * after the client sent COMMIT. The second lands while COMMITs wait for a synchronous standby that does not exist:
     * those transactions are committed locally and the backend dies without answering, exactly a lost acknowledgement.
     */
    private Injection terminateMidCommit(String applicationName) throws Exception {
        Terminations beforeCommitDone = terminate(applicationName);
        Thread.sleep(Duration.ofSeconds(1));
        Terminations afterCommitDone;
        try {
            holdCommits();
            afterCommitDone = terminate(applicationName);
        } finally {
            releaseCommitHold();
        }
        int inCommit = beforeCommitDone.committing() + afterCommitDone.committing()
                + afterCommitDone.committedUnacknowledged();
        String note = (beforeCommitDone.terminated() + afterCommitDone.terminated()) + " terminated, " + inCommit
                + " inside COMMIT: " + (beforeCommitDone.committing() + afterCommitDone.committing())
                + " before the commit record (aborted), " + afterCommitDone.committedUnacknowledged()
                + " after it (committed, never acknowledged)";
        return new Injection(System.nanoTime(), note, inCommit);
    }

    /**
     * Resets every connection while COMMITs wait after their commit record (the phantom standby again), so the resets
     * cut acknowledgements of transactions that did commit, as a network failure at the wrong moment does.
     */
    private Injection resetWithCommitsInFlight(String applicationName) throws Exception {
        int open = proxy.openConnections();
        int held;
        try {
            holdCommits();
            held = countCommitsHeld(applicationName);
            proxy.resetAll();
        } finally {
            releaseCommitHold();
        }
        return new Injection(System.nanoTime(), open + " connections reset (RST both ways) while " + held
                + " COMMITs waited after their commit record", held);
    }

    private void holdCommits() throws InterruptedException {
        server.execute("ALTER SYSTEM SET synchronous_standby_names = " + PHANTOM_STANDBY);
        server.execute("SELECT pg_reload_conf()");
        Thread.sleep(COMMIT_HOLD_FILL);
    }

    private int countCommitsHeld(String applicationName) {
        return Integer.parseInt(server.queryString("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep' "
                + "AND application_name = '" + applicationName.replace("'", "''") + "'"));
    }

    /** Lets COMMITs held for the phantom standby go; they then succeed as if replicated. */
    void releaseCommitHold() {
        server.execute("ALTER SYSTEM RESET synchronous_standby_names");
        server.execute("SELECT pg_reload_conf()");
    }

    private Injection storm(String applicationName) throws Exception {
        long endNanos = System.nanoTime() + FAULT_LENGTH.toNanos();
        int rounds = 0;
        int terminated = 0;
        while (System.nanoTime() - endNanos < 0) {
            terminated += terminate(applicationName).terminated();
            rounds++;
            Thread.sleep(STORM_INTERVAL);
        }
        return new Injection(System.nanoTime(), rounds + " rounds, " + terminated + " terminated", 0);
    }

    /** Occupies {@code hogs} connections with slow transactions, so that the workload's callers find the pool empty. */
    private Injection exhaustPool(TuskClient client, int hogs) throws InterruptedException {
        AtomicInteger held = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int index = 0; index < hogs; index++) {
            threads.add(Thread.ofPlatform().daemon().name("pool-hog-" + index).start(() -> {
                try {
                    client.inTransaction(tx -> {
                        held.incrementAndGet();
                        return tx.queryValue("SELECT pg_sleep(?)::text", String.class, HOG_HOLD.toMillis() / 1000.0);
                    });
                } catch (RuntimeException e) {
                    // A hog that found no connection either is part of the exhaustion; the count below says how many held one.
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(HOG_HOLD.multipliedBy(3));
        }
        return new Injection(System.nanoTime(), held.get() + " of " + hogs + " slow callers held a connection for "
                + HOG_HOLD.toMillis() + " ms", 0);
    }
}
