package dev.tusk.failover;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.replication.ReplicatedPostgres;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One failover under load: a multi-host client writes through a primary with a synchronous replica; the primary
 * crashes, the replica is promoted, the writers carry on; then every call is checked against the promoted server.
 *
 * @param fromPromoteRequestMillis  from the promote request to the first write acknowledged after it
 * @param fromPromotedMillis        from the promotion confirmed (the harness saw the replica leave recovery) to that
 *                                  write; negative when the write was acknowledged before the harness saw it, NaN
 *                                  when no write was acknowledged after the promotion
 * @param promotionMillis           how long the promotion itself took ({@code pg_ctl promote -w} and the check)
 * @param audit                     the journal checked against the promoted server
 * @param failures                  the failures callers saw, by kind
 */
record PromotionRound(double fromPromoteRequestMillis, double fromPromotedMillis, double promotionMillis,
                      WriteAudit audit, String failures) {

    static final int WRITERS = 6;
    static final Duration BEFORE_CRASH = Duration.ofMillis(600);
    static final Duration DOWN_BEFORE_PROMOTION = Duration.ofMillis(300);
    static final Duration AFTER_PROMOTION = Duration.ofMillis(1500);

    /** Runs one round on a fresh synchronous pair and closes it. */
    static PromotionRound run(String applicationName) throws Exception {
        try (ReplicatedPostgres cluster = ReplicatedPostgres.builder().synchronous(true).start()) {
            ManagedPostgres primary = cluster.primary();
            ManagedPostgres replica = cluster.replica();
            primary.execute(WriteWorkload.TABLE_DDL);
            TuskConfig config = TuskConfig.builder()
                    .url("postgresql://" + primary.superuser() + "@" + primary.host() + ":" + primary.port() + ","
                            + replica.host() + ":" + replica.port() + "/" + primary.defaultDatabase()
                            + "?target_session_attrs=read-write")
                    .applicationName(applicationName).poolMinSize(2).poolMaxSize(8).build();
            try (TuskClient client = Tusk.connect(config)) {
                WriteWorkload workload = WriteWorkload.start(client, WRITERS);
                Thread.sleep(BEFORE_CRASH);
                cluster.crashPrimary();
                Thread.sleep(DOWN_BEFORE_PROMOTION);
                long promoteRequested = System.nanoTime();
                cluster.promote();
                long promoted = System.nanoTime();
                Thread.sleep(AFTER_PROMOTION);
                workload.stop(Duration.ofSeconds(90));
                WriteJournal journal = workload.journal();
                long fromRequest = journal.firstAckAfter(promoteRequested);
                return new PromotionRound(millis(fromRequest), fromRequest < 0 ? Double.NaN
                        : (fromRequest - (promoted - promoteRequested)) / 1e6, millis(promoted - promoteRequested),
                        WriteAudit.of(journal, replica, replica.defaultDatabase()), journal.failureSummary());
            }
        }
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    /** One line for the test output. */
    String summary() {
        return String.format(java.util.Locale.ROOT, "first write %.1f ms after the promote request (%.1f ms after "
                        + "promotion was confirmed; promotion took %.1f ms); calls: %d acknowledged, %d failed, %d "
                        + "ambiguous (%d of them applied); rows on the new primary: %d; failures seen: %s",
                fromPromoteRequestMillis, fromPromotedMillis, promotionMillis, audit.acked(), audit.failed(),
                audit.ambiguous(), audit.ambiguousPresent(), audit.rows(), failures);
    }
}
