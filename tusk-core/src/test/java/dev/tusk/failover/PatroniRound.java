package dev.tusk.failover;

import dev.tusk.CommitOutcomeUnknownException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.patroni.Failover;
import dev.tusk.testing.patroni.PatroniCluster;
import dev.tusk.testing.patroni.PatroniMember;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Patroni failover under Tusk's write workload: a client on a multi-host URL naming every member with
 * {@code target_session_attrs=read-write} writes through one-liners and {@code inTransaction} from several virtual
 * threads; the leader is SIGKILLed, Patroni promotes a replica, the writers carry on; then every call is checked
 * against the new leader. The cluster must run in synchronous mode for "no acknowledged write lost" to be a promise
 * (Patroni then promotes only the standby every acknowledged commit waited for).
 *
 * @param oldLeader          the killed member, down until its {@code start()}
 * @param failover           what the harness saw: the new leader, and when it answered {@code /leader} and took writes
 * @param promotionToWriteMillis from the new leader taking writes (its {@code pg_is_in_recovery()} turned false, as the
 *                           harness polled it) to Tusk's first write acknowledged after Patroni named the new leader;
 *                           negative when Tusk wrote before the harness's poll saw the promotion
 * @param audit              the journal checked against the new leader
 * @param lost               acknowledged writes missing on the new leader
 * @param duplicated         keys on the new leader more than once
 * @param unknown            calls that ended in {@link CommitOutcomeUnknownException}
 * @param unknownCommitted   of those, how many committed (their row is on the new leader)
 * @param failures           the failures callers saw, by kind
 */
record PatroniRound(PatroniMember oldLeader, Failover failover, double promotionToWriteMillis, WriteAudit audit,
                    int lost, int duplicated, int unknown, int unknownCommitted, String failures) {

    static final int WRITERS = 6;
    static final String DATABASE = "postgres";
    private static final int ACKS_BEFORE_KILL = 60;
    private static final int ACKS_AFTER_PROMOTION = 60;
    private static final Duration SETTLE_AFTER_PROMOTION = Duration.ofMillis(300);

    /** Creates the table the workload writes; run once on a new cluster. */
    static void prepare(PatroniCluster cluster) {
        cluster.leader().execute(WriteWorkload.TABLE_DDL);
    }

    /** The URL a Patroni user gives Tusk: every member, and only the one that takes writes. */
    static String url(PatroniCluster cluster) {
        return "postgresql://" + PatroniMember.SUPERUSER + "@" + String.join(",", cluster.hostPorts()) + "/" + DATABASE
                + "?target_session_attrs=read-write";
    }

    /** Runs one failover on {@code cluster} (prepared, every member streaming) with a fresh client; leaves the killed member down. */
    static PatroniRound run(PatroniCluster cluster, String applicationName) throws Exception {
        cluster.leader().execute("TRUNCATE failover_writes");
        TuskConfig config = TuskConfig.builder().url(url(cluster)).applicationName(applicationName)
                .poolMinSize(2).poolMaxSize(8).build();
        try (TuskClient client = Tusk.connect(config)) {
            WriteWorkload workload = WriteWorkload.startMixed(client, WRITERS);
            WriteJournal journal = workload.journal();
            awaitAcks(journal, System.nanoTime(), ACKS_BEFORE_KILL, "before the kill");

            PatroniMember oldLeader = cluster.killLeader();
            long killedAt = System.nanoTime();
            Failover failover = cluster.waitForNewLeader(Duration.ofSeconds(4L * cluster.ttlSeconds()));
            long promotedAt = killedAt + failover.writableAfter().toNanos();
            awaitAcks(journal, promotedAt, ACKS_AFTER_PROMOTION, "on the new leader " + failover.newLeader().name());
            Thread.sleep(SETTLE_AFTER_PROMOTION);
            workload.stop(Duration.ofSeconds(90));

            // A call can return a moment after the kill with a commit the old leader acknowledged before it (its
            // virtual thread was not scheduled at once on a loaded machine), but one that returns after Patroni named
            // the new leader, seconds after the old one died, was acknowledged by the new leader.
            long leaderNamedAt = killedAt + failover.leaderAfter().toNanos();
            long firstWrite = journal.with(WriteJournal.Outcome.ACKED).stream().mapToLong(WriteJournal.Entry::endedNanos)
                    .filter(ended -> ended - leaderNamedAt > 0).min().orElseThrow();
            Map<String, Integer> copies = copies(failover.newLeader());
            WriteAudit audit = WriteAudit.of(journal, failover.newLeader(), DATABASE);
            List<WriteJournal.Entry> acked = journal.with(WriteJournal.Outcome.ACKED);
            List<WriteJournal.Entry> unknown = journal.entries().stream()
                    .filter(entry -> entry.failure() instanceof CommitOutcomeUnknownException).toList();
            return new PatroniRound(oldLeader, failover, (firstWrite - promotedAt) / 1e6, audit,
                    (int) acked.stream().filter(entry -> !copies.containsKey(entry.key())).count(),
                    (int) copies.values().stream().filter(count -> count > 1).count(), unknown.size(),
                    (int) unknown.stream().filter(entry -> copies.containsKey(entry.key())).count(),
                    journal.failureSummary());
        }
    }

    private static void awaitAcks(WriteJournal journal, long afterNanos, int count, String when) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (journal.with(WriteJournal.Outcome.ACKED).stream().filter(entry -> entry.endedNanos() - afterNanos > 0)
                .count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the writers did not get " + count + " writes acknowledged " + when
                        + " within 60 s; failures so far: " + journal.failureSummary());
            }
            Thread.sleep(5);
        }
    }

    private static Map<String, Integer> copies(PatroniMember leader) throws SQLException {
        Map<String, Integer> copies = new HashMap<>();
        try (Connection connection = leader.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT key FROM failover_writes")) {
            while (rows.next()) {
                copies.merge(rows.getString(1), 1, Integer::sum);
            }
        }
        return copies;
    }

    /** One line for the test output. */
    String summary() {
        return String.format(Locale.ROOT, "%s killed, %s promoted: kill → /leader %d ms, kill → writable %d ms, "
                        + "promotion → first Tusk write %.1f ms; calls: %d acknowledged (%d lost, %d keys twice), %d "
                        + "failed, %d ambiguous (%d applied), %d CommitOutcomeUnknownException (%d committed); rows %d; "
                        + "failures seen: %s", oldLeader.name(), failover.newLeader().name(),
                failover.leaderAfter().toMillis(), failover.writableAfter().toMillis(), promotionToWriteMillis,
                audit.acked(), lost, duplicated, audit.failed(), audit.ambiguous(), audit.ambiguousPresent(), unknown,
                unknownCommitted, audit.rows(), failures);
    }
}
