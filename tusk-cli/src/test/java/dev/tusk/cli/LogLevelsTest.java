package dev.tusk.cli;

import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's log levels and the three variables the README documents for them. A child JVM each time, as logging is
 * set up once per JVM.
 */
@WithPostgres
class LogLevelsTest {

    @Test
    void shouldLeaveTheAuditLogsSuccessesOutUnlessAskedFor(TestDatabase database,
                                                                              @TempDir Path home) throws Exception {
        Map<String, String> environment = CliHarness.environment(database, home);

        String quiet = run(environment, "check");
        assertThat(quiet).contains("healthy").doesNotContain("connection.opened");

        assertThat(run(with(environment, "TUSK_AUDIT_LOG_LEVEL", "INFO"), "check"))
                .contains("dev.tusk.audit").contains("type=connection.opened");
    }

    @Test
    void shouldFollowTuskLogLevelForTusksLinesAndTuskLibraryLogLevelForOthers(TestDatabase database,
                                                                              @TempDir Path home) throws Exception {
        Map<String, String> environment = CliHarness.environment(database, home);
        // A login the server refuses: Tusk's health logger warns that the pool is unhealthy.
        Map<String, String> refused = Map.of("DATABASE_URL", database.url().replaceFirst("//[^@/]*@", "//nobody@"),
                "HOME", home.toString());

        assertThat(run(refused, "check")).contains("WARN  dev.tusk.health - Pool tusk-1 is UNHEALTHY");
        assertThat(run(with(refused, "TUSK_LOG_LEVEL", "ERROR"), "check")).contains("Status:   UNHEALTHY")
                .doesNotContain("dev.tusk.health");

        assertThat(run(environment, "check")).doesNotContain("HikariDataSource");
        assertThat(run(with(environment, "TUSK_LIBRARY_LOG_LEVEL", "INFO"), "check"))
                .contains("INFO  c.z.h.HikariDataSource - tusk-1 - Starting...");
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> changed = new HashMap<>(environment);
        changed.put(name, value);
        return changed;
    }

    /** Runs {@code tusk args} in a child JVM with {@code environment}; returns stdout and stderr together. */
    private static String run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TuskCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TUSK_") || name.startsWith("PG")
                || name.equals("DATABASE_URL"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            byte[] printed = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new String(printed, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
    }
}
