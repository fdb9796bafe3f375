package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.examples.content.ContentDemo;
import dev.tusk.pool.PoolStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code tusk demo}: shows Tusk at work against a real PostgreSQL, embedded unless the environment names one. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Connects to PostgreSQL and shows Tusk at work: a transaction, a streamed query, a bulk load",
                "with a progress bar through binary COPY, a fault survived, the pool, the health report and the",
                "statements that took the most time.",
                "Uses the server the environment names (DATABASE_URL, POSTGRES_*, DB_*, PG*); otherwise starts an",
                "embedded PostgreSQL and stops it afterwards. Its tables are dropped at the end."})
final class DemoCommand implements Callable<Integer> {

    private static final int ORDERS = 2_000;
    private static final int STREAMED_ROWS = 500_000;
    private static final int READINGS = 500_000;
    private static final String[] SENSORS = {"boiler-1", "boiler-2", "chiller", "intake", "exhaust", "roof", "basement"};

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    /** The walkthroughs {@code --recipe} chooses between. */
    enum Recipe { EVENTSTORE, CONTENT }

    @CommandLine.Option(names = "--recipe", paramLabel = "RECIPE", defaultValue = "eventstore",
            description = "Which walkthrough to run: eventstore (the default) or content, the content schema "
                    + "recipe of docs/recipes.md (users, posts, roles; its schema is dropped at the end).")
    private Recipe recipe = Recipe.EVENTSTORE;

    record Total(String region, long orders, BigDecimal revenue) {
    }

    record Reading(long id, String sensor, String unit, java.time.Instant takenAt, double value) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DatabaseTarget target = DatabaseTarget.open(tusk::environment, tusk.homeDirectory(), out)) {
            out.println("Database: " + target.description());
            try (TuskClient client = Tusk.connect(target.config())) {
                out.println("Server:   PostgreSQL " + client.serverVersion().display());
                if (recipe == Recipe.CONTENT) {
                    ContentDemo.run(client, out);
                    return finish(target, out);
                }
                String table = "tusk_demo_orders_" + ProcessHandle.current().pid();
                String readings = "tusk_demo_readings_" + ProcessHandle.current().pid();
                String accounts = "tusk_demo_accounts_" + ProcessHandle.current().pid();
                try {
                    transaction(client, table, out);
                    streamedQuery(client, out);
                    bulkLoad(client, readings, out, tusk.terminal());
                    faultSurvived(client, accounts, out);
                    poolSnapshot(client.poolStats(), out);
                    step(out, "6. Health, as `tusk check` and client.health() report it");
                    HealthText.print(client.health(), target.config(), out, "   ");
                    topStatements(client.statementStats(), out);
                } finally {
                    client.execute("DROP TABLE IF EXISTS " + table);
                    client.execute("DROP TABLE IF EXISTS " + readings);
                    client.execute("DROP TABLE IF EXISTS " + accounts);
                }
            }
            if (target.isEmbedded()) {
                out.println("Stopping the embedded PostgreSQL.");
            }
        }
        out.println("Done.");
        out.flush();
        return 0;
    }

    // The recipe walkthroughs end as the default demo does; the embedded server stops as the caller's try closes.
    private static int finish(DatabaseTarget target, PrintWriter out) {
        if (target.isEmbedded()) {
            out.println("Stopping the embedded PostgreSQL.");
        }
        out.println("Done.");
        out.flush();
        return 0;
    }

    private static void transaction(TuskClient client, String table, PrintWriter out) {
        step(out, "1. A transaction: create a table and insert " + ORDERS + " orders, all or nothing");
        String[] regions = {"north", "south", "east", "west"};
        long started = System.nanoTime();
        long inserted = client.inTransaction(tx -> {
            tx.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL)");
            long rows = 0;
            for (int id = 1; id <= ORDERS; id++) {
                rows += tx.execute("INSERT INTO " + table + " VALUES (?, ?, ?)",
                        (long) id, regions[id % regions.length], BigDecimal.valueOf(id * 37L % 1000, 1));
            }
            return rows;
        });
        out.printf("   committed %d rows in %d ms%n", inserted, (System.nanoTime() - started) / 1_000_000);
        List<Total> totals = client.query("SELECT region, count(*) AS orders, sum(amount) AS revenue FROM "
                + table + " WHERE amount >= ? GROUP BY region ORDER BY revenue DESC", Total.class, BigDecimal.ZERO);
        out.printf("   %-8s %7s %10s%n", "region", "orders", "revenue");
        for (Total total : totals) {
            out.printf("   %-8s %7d %10s%n", total.region(), total.orders(), total.revenue());
        }
    }

    private static void streamedQuery(TuskClient client, PrintWriter out) {
        step(out, "2. A streamed query: " + STREAMED_ROWS + " rows through a server-side cursor, in constant memory");
        long started = System.nanoTime();
        long count;
        long checksum;
        try (Stream<Long> values = client.stream("SELECT (i * 7919) % 1000003 AS v FROM generate_series(1, ?) i",
                row -> row.getLong("v"), (long) STREAMED_ROWS)) {
            long[] totals = values.collect(() -> new long[2], (acc, v) -> { acc[0]++; acc[1] += v; },
                    (a, b) -> { a[0] += b[0]; a[1] += b[1]; });
            count = totals[0];
            checksum = totals[1];
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("   read %,d rows in %.2f s (%,.0f rows/s), sum %d%n", count, seconds, count / seconds, checksum);
    }

    private static void bulkLoad(TuskClient client, String table, PrintWriter out, boolean terminal) {
        step(out, "3. A bulk load: " + String.format(java.util.Locale.ROOT, "%,d", READINGS)
                + " sensor readings from Java records through typed binary COPY, then read back with COPY out");
        client.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, sensor text NOT NULL, unit text NOT NULL, "
                + "taken_at timestamptz NOT NULL, value float8)");
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        java.util.Random random = new java.util.Random(42);
        Iterable<Reading> rows = () -> java.util.stream.LongStream.rangeClosed(1, READINGS).mapToObj(id -> new Reading(id,
                SENSORS[(int) (id % SENSORS.length)], id % 3 == 0 ? "kPa" : "°C", start.plusSeconds(id * 15),
                Math.round(random.nextGaussian() * 1000) / 100.0)).iterator();
        dev.tusk.copy.CopyResult loaded;
        try (ProgressDisplay progress = ProgressDisplay.forRows(out, terminal, "   loading", READINGS, System::nanoTime)) {
            loaded = client.copy().copyIn(table).columns("id", "sensor", "unit", "taken_at", "value").progress(progress).from(rows);
        }
        out.printf(java.util.Locale.ROOT, "   loaded %,d rows (%.1f MB) in %.2f s: %,.0f rows/s%n", loaded.rows(),
                loaded.bytes() / 1e6, loaded.elapsed().toNanos() / 1e9, loaded.rowsPerSecond());
        long started = System.nanoTime();
        long hot;
        try (Stream<dev.tusk.Row> copied = client.copyOut(dev.tusk.copy.CopyOutSource.table(table))) {
            hot = copied.filter(row -> row.get("value", Double.class) != null && row.getDouble("value") > 20).count();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(java.util.Locale.ROOT, "   read them back as typed rows in %.2f s (%,.0f rows/s): %,d readings above 20%n",
                seconds, READINGS / seconds, hot);
    }

    private static void faultSurvived(TuskClient client, String table, PrintWriter out) {
        step(out, "4. A fault survived: every connection is killed while 4 workers move money between accounts");
        client.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, balance bigint NOT NULL)");
        client.execute("INSERT INTO " + table + " SELECT g, 1000 FROM generate_series(1, 20) g");
        java.util.concurrent.atomic.AtomicLong moved = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        long stopAt = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2_000);
        List<Thread> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
                while (System.nanoTime() - stopAt < 0) {
                    int from = random.nextInt(1, 20);
                    try {
                        // Always the lower id first, so the workers never deadlock with each other.
                        client.useTransaction(tx -> {
                            tx.execute("UPDATE " + table + " SET balance = balance - 1 WHERE id = ?", from);
                            tx.execute("UPDATE " + table + " SET balance = balance + 1 WHERE id = ?", from + 1);
                        });
                        moved.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        sleepQuietly(700);
        long killed = client.queryValue("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM "
                + "pg_stat_activity WHERE application_name = current_setting('application_name') "
                + "AND pid <> pg_backend_pid()) killed", Long.class);
        out.printf("   killed %d server connections of this client mid-work%n", killed);
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long total = client.queryValue("SELECT sum(balance)::bigint FROM " + table, Long.class);
        var stats = client.resilienceStats();
        out.printf("   %d transfers committed, %d failed; %d transactions re-run, %d lost COMMITs resolved%n",
                moved.get(), failed.get(), stats.transactionReruns(), stats.commitsResolved());
        out.printf("   money is conserved: the 20 balances still add up to %d (expected 20000)%n", total);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void poolSnapshot(PoolStats stats, PrintWriter out) {
        step(out, "5. The pool right now");
        out.printf("   connections %d of at most %d (%d busy, %d idle, %d waiting), %.0f%% used%n", stats.size(),
                stats.maximum(), stats.active(), stats.idle(), stats.waiting(), stats.utilizationPercent());
        out.printf("   %,d acquires, wait p50 %d µs / p99 %d µs, %d timeouts, %d potential leaks, %d created%n",
                stats.acquires(), stats.acquireTimeP50().toNanos() / 1000, stats.acquireTimeP99().toNanos() / 1000,
                stats.acquireTimeouts(), stats.potentialLeaks(), stats.created());
    }

    private static void topStatements(dev.tusk.metrics.StatementStats stats, PrintWriter out) {
        step(out, "7. The statements that took the most time, as client.statementStats() counts them (literals removed)");
        out.printf("   %7s %10s %9s %9s  %s%n", "calls", "total ms", "mean ms", "p95 ms", "statement");
        for (dev.tusk.metrics.StatementStat stat : stats.top(5)) {
            String sql = stat.normalizedSql().length() > 70 ? stat.normalizedSql().substring(0, 69) + "…"
                    : stat.normalizedSql();
            out.printf(java.util.Locale.ROOT, "   %7d %10.1f %9.3f %9.3f  %s%n", stat.calls(),
                    stat.totalTime().toNanos() / 1e6, stat.meanTime().toNanos() / 1e6, stat.p95Time().toNanos() / 1e6,
                    sql);
        }
        out.printf("   %d slow statement(s) over the slow-query threshold%n", stats.slowStatements());
    }

    private static void step(PrintWriter out, String title) {
        out.println();
        out.println(title);
        out.flush();
    }
}
