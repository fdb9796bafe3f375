package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.examples.eventstore.EventStoreDemo;
import dev.tusk.pool.PoolStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tusk demo}: shows Tusk at work against a real PostgreSQL, embedded unless the environment names one. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Connects to PostgreSQL and runs the event store recipe: a transaction, a bulk load with a",
                "progress bar through binary COPY, a streamed query, a fault survived and a cleanup while writers",
                "continue; then shows the pool, the health report and the statements that took the most time.",
                "Uses the server the environment names (DATABASE_URL, POSTGRES_*, DB_*, PG*); otherwise starts an",
                "embedded PostgreSQL and stops it afterwards. Its schema is dropped at the end.",
                "--recipe content or --recipe api runs another seed application instead: the content schema or the",
                "read-only HTTP API (docs/recipes.md); each works in a schema of its own, dropped at the end."})
final class DemoCommand implements Callable<Integer> {

    /** The seed applications {@code --recipe} runs; the event store is the default walk-through. */
    enum Recipe {
        /** The event store (dev.tusk.examples.eventstore), followed by the pool, health and top statements. */
        EVENTSTORE,
        /** The content schema: users, posts and roles with soft delete, search and JSONB (dev.tusk.examples.content). */
        CONTENT,
        /** The read-only HTTP API over jurisdictions and code adoptions (dev.tusk.examples.api). */
        API
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @CommandLine.Option(names = "--recipe", paramLabel = "RECIPE", defaultValue = "eventstore",
            description = "The seed application to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Recipe recipe;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DatabaseTarget target = DatabaseTarget.open(tusk::environment, tusk.homeDirectory(), out)) {
            out.println("Database: " + target.description());
            try (TuskClient client = Tusk.connect(target.config())) {
                out.println("Server:   PostgreSQL " + client.serverVersion().display());
                if (recipe == Recipe.CONTENT) {
                    dev.tusk.examples.content.ContentDemo.run(client, out);
                    return finish(target, out);
                }
                if (recipe == Recipe.API) {
                    dev.tusk.examples.api.ApiDemo.run(client, out);
                    return finish(target, out);
                }
                int steps = EventStoreDemo.run(client, out, (label, totalRows, load) -> {
                    try (ProgressDisplay progress = ProgressDisplay.forRows(out, tusk.terminal(), label, totalRows,
                            System::nanoTime)) {
                        return load.apply(progress);
                    }
                });
                poolSnapshot(steps + 1, client.poolStats(), out);
                step(out, (steps + 2) + ". Health, as `tusk check` and client.health() report it");
                HealthText.print(client.health(), target.config(), out, "   ");
                topStatements(steps + 3, client.statementStats(), out);
            }
            return finish(target, out);
        }
    }

    private static int finish(DatabaseTarget target, PrintWriter out) {
        if (target.isEmbedded()) {
            out.println("Stopping the embedded PostgreSQL.");
        }
        out.println("Done.");
        out.flush();
        return 0;
    }

    private static void poolSnapshot(int number, PoolStats stats, PrintWriter out) {
        step(out, number + ". The pool right now");
        out.printf("   connections %d of at most %d (%d busy, %d idle, %d waiting), %.0f%% used%n", stats.size(),
                stats.maximum(), stats.active(), stats.idle(), stats.waiting(), stats.utilizationPercent());
        out.printf("   %,d acquires, wait p50 %d µs / p99 %d µs, %d timeouts, %d potential leaks, %d created%n",
                stats.acquires(), stats.acquireTimeP50().toNanos() / 1000, stats.acquireTimeP99().toNanos() / 1000,
                stats.acquireTimeouts(), stats.potentialLeaks(), stats.created());
    }

    private static void topStatements(int number, dev.tusk.metrics.StatementStats stats, PrintWriter out) {
        step(out, number + ". The statements that took the most time, as client.statementStats() counts them (literals removed)");
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
