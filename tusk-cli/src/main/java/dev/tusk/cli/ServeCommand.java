package dev.tusk.cli;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.http.TuskHttpServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tusk serve}: the live dashboard, Prometheus metrics and JSON figures of a client of the configured database. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Opens a client to PostgreSQL and serves its figures over HTTP until interrupted:",
                "/ (a live dashboard), /metrics (Prometheus text), /health (JSON, 503 when unhealthy),",
                "/pool, /resilience and /statements (JSON).",
                "Uses the server the environment names (DATABASE_URL, POSTGRES_*, DB_*, PG*); otherwise starts an",
                "embedded PostgreSQL and stops it afterwards."})
final class ServeCommand implements Callable<Integer> {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private TuskCommand tusk;

    @Option(names = {"-p", "--port"}, defaultValue = "8080", paramLabel = "N",
            description = "The port to listen on (0: any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to listen on; loopback unless you mean to expose it. Default: ${DEFAULT-VALUE}.")
    private String bind;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after this long (500ms, 30s, 5m, 1h) instead of waiting for Ctrl-C.")
    private Duration runFor;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 0 and 65535, but was " + port);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs shutdown hooks and then halts: the hook lets the main thread close the server, the client and
        // an embedded PostgreSQL in order, instead of leaving a server process behind.
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tusk-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (DatabaseTarget target = DatabaseTarget.open(tusk::environment, tusk.homeDirectory(), out)) {
            out.println("Database: " + target.description());
            try (TuskClient client = Tusk.connect(target.config());
                 TuskHttpServer server = TuskHttpServer.start(client, new InetSocketAddress(bind, port))) {
                out.println("Serving:  " + server.uri() + "  (also /health, /metrics, /pool, /resilience, /statements)");
                out.println(runFor == null ? "Press Ctrl-C to stop." : "Stopping by itself in " + runFor.toMillis() + " ms.");
                out.flush();
                if (runFor == null) {
                    stop.await();
                } else {
                    stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (target.isEmbedded()) {
                out.println("Stopping the embedded PostgreSQL.");
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running the hook; it is about to exit anyway.
            }
        }
        out.println("Stopped.");
        out.flush();
        return 0;
    }

    /** Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String text) {
            Matcher matcher = SHORT.matcher(text.trim());
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(text.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "a duration such as 500ms, 30s, 5m or 1h was expected, but was '" + text + "'");
            }
        }
    }
}
