package dev.tusk.bench.pointselect;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * Creates the four pgbench tables the way {@code pgbench -i} does, in SQL, because the embedded server binaries ship
 * without pgbench. All four are made, not only accounts, so that a real {@code pgbench -S} can run on the same data.
 */
public final class PgbenchTables {

    private PgbenchTables() {
    }

    /** Makes sure {@code pgbench_*} hold {@code accounts} accounts; reuses them when already loaded, else rebuilds them. */
    public static void ensure(Connection connection, int accounts, PrintStream out) throws SQLException {
        int branches = branchesFor(accounts);
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            if (alreadyLoaded(statement, accounts, branches)) {
                out.printf(Locale.ROOT, "pgbench tables already hold %,d accounts; reusing them%n", accounts);
                return;
            }
            out.printf(Locale.ROOT, "loading pgbench tables: %,d accounts, %d branches...%n", accounts, branches);
            long began = System.nanoTime();
            // Like pgbench -i: drop, create without keys, fill, then add keys and vacuum, which is the fastest order.
            for (String sql : List.of(
                    "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history",
                    "CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))",
                    "CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84)) WITH (fillfactor = 100)",
                    "CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100)",
                    "CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88)) WITH (fillfactor = 100)",
                    "INSERT INTO pgbench_branches (bid, bbalance) SELECT bid, 0 FROM generate_series(1, " + branches + ") AS bid",
                    "INSERT INTO pgbench_tellers (tid, bid, tbalance) SELECT tid, (tid - 1) / 10 + 1, 0 FROM generate_series(1, "
                            + branches * 10 + ") AS tid",
                    "INSERT INTO pgbench_accounts (aid, bid, abalance, filler) SELECT aid, (aid - 1) / "
                            + PointSelectOptions.ACCOUNTS_PER_SCALE + " + 1, 0, '' FROM generate_series(1, " + accounts + ") AS aid",
                    "ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid)",
                    "ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid)",
                    "ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)",
                    "VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history")) {
                statement.execute(sql);
            }
            out.printf(Locale.ROOT, "loaded in %.1f s%n", (System.nanoTime() - began) / 1e9);
        }
    }

    /** The branches pgbench would have for {@code accounts}: one per 100,000 accounts, at least one. */
    public static int branchesFor(int accounts) {
        return Math.max(1, (accounts + PointSelectOptions.ACCOUNTS_PER_SCALE - 1) / PointSelectOptions.ACCOUNTS_PER_SCALE);
    }

    private static boolean alreadyLoaded(Statement statement, int accounts, int branches) throws SQLException {
        try (ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname IN "
                + "('pgbench_accounts', 'pgbench_branches', 'pgbench_tellers', 'pgbench_history') "
                + "AND relnamespace = current_schema()::regnamespace")) {
            tables.next();
            if (tables.getInt(1) != 4) {
                return false;
            }
        }
        // The key matters as much as the rows: without it every point-select is a sequential scan.
        try (ResultSet check = statement.executeQuery("SELECT (SELECT count(*) FROM pgbench_accounts), "
                + "(SELECT count(*) FROM pgbench_branches), "
                + "(SELECT min(aid) FROM pgbench_accounts), (SELECT max(aid) FROM pgbench_accounts), "
                + "EXISTS (SELECT 1 FROM pg_index WHERE indrelid = 'pgbench_accounts'::regclass AND indisprimary)")) {
            check.next();
            return check.getLong(1) == accounts && check.getLong(2) == branches
                    && check.getLong(3) == 1 && check.getLong(4) == accounts && check.getBoolean(5);
        }
    }
}
