package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.health.HealthReport;
import dev.tusk.health.HealthStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tusk check}: checks the configured database's health and the configuration, for scripts and probes. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks the health of the database the environment configures (DATABASE_URL, POSTGRES_*, DB_*,",
                "PG*) as a Tusk client sees it, and the configuration's problems.",
                "Exits 0 when healthy, 1 when degraded, 2 when unhealthy or when the configuration cannot be used."})
final class CheckCommand implements Callable<Integer> {

    /** Exit status when the database is healthy. */
    static final int HEALTHY = 0;
    /** Exit status when the database is degraded. */
    static final int DEGRADED = 1;
    /** Exit status when the database is unhealthy, or nothing could be checked. */
    static final int UNHEALTHY = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EffectiveConfig effective;
        try {
            effective = ConfigLoader.of(tusk::environment, tusk.homeDirectory()).load();
        } catch (ConfigException e) {
            err.println("tusk check: UNHEALTHY: the configuration cannot be used:");
            e.problems().forEach(problem -> err.println("  " + problem));
            err.flush();
            return UNHEALTHY;
        }
        try (DatabaseTarget target = DatabaseTarget.configured(tusk::environment, tusk.homeDirectory())) {
            // One connection, opened by the check itself: a probe must not open a whole pool, nor wait for warm-up.
            TuskConfig config = target.config().toBuilder().warmUp(false).poolMinSize(0)
                    .healthCheckInterval(Duration.ZERO).build();
            out.println("Database: " + target.description());
            HealthReport report;
            try (TuskClient client = Tusk.connect(config)) {
                report = client.health();
                HealthText.print(report, config, out, "");
                if (report.server() != null) {
                    // Only a reached server has a TLS session to describe; asking an unreachable one would wait again.
                    TlsText.print(client.tlsReport(), out, "");
                }
            }
            List<String> problems = problems(effective);
            out.println(problems.isEmpty() ? "Configuration: no problems found" : "Configuration problems:");
            problems.forEach(problem -> out.println("  - " + problem));
            int status = exitStatus(report.status());
            out.println("Exit status " + status + " (0 healthy, 1 degraded, 2 unhealthy)");
            out.flush();
            return status;
        } catch (RuntimeException e) {
            err.println("tusk check: UNHEALTHY: " + e.getMessage());
            err.flush();
            return UNHEALTHY;
        }
    }

    /** What the loader warned about, and settings that weaken what the report can promise. */
    private static List<String> problems(EffectiveConfig effective) {
        List<String> problems = new ArrayList<>(effective.warnings());
        TuskConfig config = effective.config();
        if (config.sslMode().compareTo(SslMode.VERIFY_FULL) < 0
                && !config.servers().stream().allMatch(server -> isLoopback(server.host()))) {
            problems.add("sslMode is " + config.sslMode().libpqName() + " for " + config.serverList()
                    + ": the server's identity is not verified (verify-full verifies it)");
        }
        if (config.healthCheckInterval().isZero()) {
            problems.add("healthCheckInterval is 0: applications keep no background health report (lastHealth() stays empty)");
        }
        if (config.slowQueryThreshold().isZero()) {
            problems.add("slowQueryThreshold is 0: a slow server never makes the health report degraded");
        }
        return problems;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.startsWith("/");
    }

    private static int exitStatus(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> HEALTHY;
            case DEGRADED -> DEGRADED;
            case UNHEALTHY -> UNHEALTHY;
        };
    }
}
