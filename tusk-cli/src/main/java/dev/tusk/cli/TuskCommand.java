package dev.tusk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;

/** The {@code tusk} program: a PostgreSQL client toolbox built on the Tusk library. */
@Command(name = "tusk",
        mixinStandardHelpOptions = true,
        versionProvider = TuskCommand.Version.class,
        description = "Tusk: a resilient, fast, observable PostgreSQL client for Java services.",
        subcommands = {DemoCommand.class, ConfigCommand.class, CheckCommand.class, LoadCommand.class,
                ExportCommand.class, ServeCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TuskCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final boolean terminal;

    private TuskCommand(Map<String, String> environment, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    /** Runs the program with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                onTerminal(), args));
    }

    /** Runs the program with {@code args} in {@code environment}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        return run(environment, out, err, false, args);
    }

    private static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal,
                           String... args) {
        return new CommandLine(new TuskCommand(environment, terminal))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FailureHandler())
                .execute(args);
    }

    /**
     * Whether the program talks to a terminal. Java 22+ returns a Console even when output is redirected and says
     * through {@code isTerminal()}, which the Java 21 API lacks, so it is looked up by name.
     */
    private static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Whether output goes to a terminal, where progress can be redrawn in place; false in tests and pipes. */
    boolean terminal() {
        return terminal;
    }

    /** The environment variable {@code name}, or null; commands read the environment only through here, so tests can set it. */
    String environment(String name) {
        return environment.get(name);
    }

    /** Where ~/.pgpass lives: HOME, as libpq reads it, else the JVM's idea of the user's home. */
    java.nio.file.Path homeDirectory() {
        String home = environment("HOME");
        return java.nio.file.Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TuskCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tusk " + (version == null ? "development build" : version)
                    + " (Java " + Runtime.version() + ")"};
        }
    }

    /** Prints a failure as one readable line instead of a stack trace; {@code TUSK_DEBUG=1} shows the trace. */
    static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            commandLine.getErr().println("tusk " + commandLine.getCommandName() + ": " + e.getMessage());
            if (System.getenv("TUSK_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set TUSK_DEBUG=1 to see the stack trace)");
            }
            return 1;
        }
    }
}
