package dev.tusk.testing.internal;

import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the PostgreSQL and PgBouncer programs, which refuse to run as root, inside a user namespace when needed. */
public final class ServerProcesses {

    private ServerProcesses() {
    }

    /** Whether commands are wrapped in {@code unshare -U} because this JVM runs as root. */
    public static boolean runsInUserNamespace() {
        return LinuxUtils.isUnshareAvailable();
    }

    /** The command line that runs {@code program} with {@code args}, wrapped in {@code unshare -U} when running as root. */
    public static List<String> command(Path program, List<String> args) {
        List<String> command = new ArrayList<>();
        if (runsInUserNamespace()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(program.toString());
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code program} to completion and returns what it printed; fails with that output when it exits non-zero
     * or outlives {@code timeout}.
     */
    public static String run(Path program, List<String> args, Duration timeout) {
        List<String> command = command(program, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // A server started by pg_ctl inherits our stdout; send it nowhere so a pipe we stop reading can't stall it.
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program.getFileName() + " did not finish within " + timeout
                        + ": " + String.join(" ", command) + "\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program.getFileName() + " failed with exit code " + process.exitValue()
                        + ": " + String.join(" ", command) + "\n" + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program.getFileName(), e);
        }
    }
}
