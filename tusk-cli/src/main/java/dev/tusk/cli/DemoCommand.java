package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tusk demo}: shows Tusk at work against a real PostgreSQL, embedded unless {@code DATABASE_URL} names one. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Connects to PostgreSQL and shows Tusk at work.",
                "Uses the server in DATABASE_URL when set; otherwise starts an embedded PostgreSQL and stops it afterwards."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    record Total(String region, long orders, BigDecimal revenue) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String databaseUrl = tusk.environment(DatabaseTarget.DATABASE_URL);
        try (DatabaseTarget target = DatabaseTarget.open(databaseUrl, out)) {
            out.println("Database: " + target.description());
            try (TuskClient client = Tusk.connect(target.config())) {
                out.println("Server:   " + client.queryValue(String.class, "SELECT version()"));
                runQueries(client, out);
            }
            if (target.isEmbedded()) {
                out.println("Stopping the embedded PostgreSQL.");
            }
        }
        out.println("Done.");
        out.flush();
        return 0;
    }

    private static void runQueries(TuskClient client, PrintWriter out) {
        // A temporary table lives in one session only; the pool may hand out another, so use a uniquely named table.
        String table = "tusk_demo_orders_" + ProcessHandle.current().pid();
        client.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(10,2) NOT NULL)");
        try {
            String[] regions = {"north", "south", "east", "west"};
            long inserted = 0;
            for (int id = 1; id <= 200; id++) {
                inserted += client.execute("INSERT INTO " + table + " VALUES (?, ?, ?)",
                        (long) id, regions[id % regions.length], BigDecimal.valueOf(id * 37L % 1000, 1));
            }
            out.println("Inserted " + inserted + " orders with parameterised statements.");
            List<Total> totals = client.query("SELECT region, count(*) AS orders, sum(amount) AS revenue FROM " + table
                    + " WHERE amount >= ? GROUP BY region ORDER BY revenue DESC",
                    row -> new Total(row.getString("region"), row.getLong("orders"), row.getBigDecimal("revenue")),
                    BigDecimal.ZERO);
            out.println();
            out.printf("  %-8s %7s %10s%n", "region", "orders", "revenue");
            for (Total total : totals) {
                out.printf("  %-8s %7d %10s%n", total.region(), total.orders(), total.revenue());
            }
            out.println();
        } finally {
            client.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
