package dev.tusk.examples.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the API service listens and reads, apart from the database settings (those are Tusk's own, read by
 * {@code TuskConfig.fromEnvironment()}).
 *
 * @param host         the address to listen on
 * @param port         the TCP port to listen on; 0 for any free port
 * @param schema       the schema holding the jurisdiction and code_adoption tables
 * @param drainTimeout how long a shutdown waits for requests in flight before it closes their connections
 * @param readDelay    a test setting: how long every read sleeps on the server first (pg_sleep); zero in production
 */
public record ApiSettings(String host, int port, String schema, Duration drainTimeout, Duration readDelay) {

    /** The port when neither {@code --port} nor {@code TUSK_API_PORT} gives one. */
    public static final int DEFAULT_PORT = 8080;
    /** Loopback unless told otherwise: an API exposed beyond the machine should be a deliberate choice. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The schema when {@code TUSK_API_SCHEMA} names none. */
    public static final String DEFAULT_SCHEMA = "public";
    /** The drain bound when {@code TUSK_API_DRAIN_TIMEOUT} gives none. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)?");

    /** Checks every setting, naming the one that is wrong and its value. */
    public ApiSettings {
        Objects.requireNonNull(host, "host must not be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, but was " + port);
        }
        ApiSchema.checkName("schema", schema);
        Objects.requireNonNull(drainTimeout, "drainTimeout must not be null");
        Objects.requireNonNull(readDelay, "readDelay must not be null");
        if (drainTimeout.isNegative() || readDelay.isNegative()) {
            throw new IllegalArgumentException("drainTimeout and readDelay must not be negative, but were "
                    + drainTimeout + " and " + readDelay);
        }
    }

    /** The defaults: loopback, port 8080, schema public, a 10 s drain, no read delay. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SCHEMA, DEFAULT_DRAIN_TIMEOUT, Duration.ZERO);
    }

    /** These settings listening on {@code port}. */
    public ApiSettings withPort(int port) {
        return new ApiSettings(host, port, schema, drainTimeout, readDelay);
    }

    /** These settings reading from {@code schema}. */
    public ApiSettings withSchema(String schema) {
        return new ApiSettings(host, port, schema, drainTimeout, readDelay);
    }

    /** These settings with a drain bound of {@code drainTimeout}. */
    public ApiSettings withDrainTimeout(Duration drainTimeout) {
        return new ApiSettings(host, port, schema, drainTimeout, readDelay);
    }

    /** These settings with every read first sleeping {@code readDelay} on the server (a test setting). */
    public ApiSettings withReadDelay(Duration readDelay) {
        return new ApiSettings(host, port, schema, drainTimeout, readDelay);
    }

    /**
     * Reads {@code TUSK_API_HOST}, {@code TUSK_API_PORT}, {@code TUSK_API_SCHEMA}, {@code TUSK_API_DRAIN_TIMEOUT} and
     * {@code TUSK_API_READ_DELAY} from {@code environment}, then {@code --port N} (or {@code --port=N}) from
     * {@code args}, which wins over the variable. Durations are a number of seconds or a number with ms, s or m.
     */
    public static ApiSettings from(Function<String, String> environment, String... args) {
        ApiSettings settings = defaults();
        String host = value(environment, "TUSK_API_HOST");
        String port = value(environment, "TUSK_API_PORT");
        String schema = value(environment, "TUSK_API_SCHEMA");
        String drain = value(environment, "TUSK_API_DRAIN_TIMEOUT");
        String delay = value(environment, "TUSK_API_READ_DELAY");
        String portSource = "TUSK_API_PORT";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = args[++i];
                portSource = "--port";
            } else if (args[i].startsWith("--port=")) {
                port = args[i].substring("--port=".length());
                portSource = "--port";
            } else {
                throw new IllegalArgumentException("unknown argument \"" + args[i] + "\"; the only argument is "
                        + "--port N (the rest comes from the environment: DATABASE_URL, POSTGRES_*, TUSK_API_*)");
            }
        }
        return new ApiSettings(host != null ? host : settings.host(),
                port != null ? port(portSource, port) : settings.port(),
                schema != null ? ApiSchema.checkName("TUSK_API_SCHEMA", schema) : settings.schema(),
                drain != null ? duration("TUSK_API_DRAIN_TIMEOUT", drain) : settings.drainTimeout(),
                delay != null ? duration("TUSK_API_READ_DELAY", delay) : settings.readDelay());
    }

    private static String value(Function<String, String> environment, String name) {
        String value = environment.apply(name);
        // Blank means unset, as for Tusk's own variables.
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int port(String source, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Same message as out of range below.
        }
        throw new IllegalArgumentException(source + " must be a port from 0 to 65535, but was \"" + text + "\"");
    }

    private static Duration duration(String name, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(name + " must be a duration: seconds, or a number with ms, s or m "
                    + "(500ms, 10s, 1.5s, 2m), but was \"" + text + "\"");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
