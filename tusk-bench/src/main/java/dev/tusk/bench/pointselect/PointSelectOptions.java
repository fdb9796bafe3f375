package dev.tusk.bench.pointselect;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a point-select run is shaped: rounds, their length, the workers, the data size and the database.
 *
 * @param rounds          measured rounds per client, alternating between the clients
 * @param roundDuration   how long each measured round lasts
 * @param warmupDuration  how long the one warm-up round of each client lasts; zero skips warm-up
 * @param workers         concurrent workers issuing queries
 * @param poolSize        connections in each client's pool
 * @param threads         whether workers are platform or virtual threads
 * @param accounts        rows in {@code pgbench_accounts}; 100,000 per pgbench scale unit
 * @param databaseUrl     a {@code postgresql://} URL to run against, or null to start a server
 * @param postgresVersion the major version of the server started when {@code databaseUrl} is null
 * @param pgbenchPath     the {@code pgbench} executable to run as a reference client after the others, or null for none
 * @param clients         the Java clients to measure, in the order of the first round: {@code tusk}, {@code tusk-bare},
 *                        {@code raw}
 * @param tuskMaxQueriesPerConnection {@code maxQueriesPerConnection} for the Tusk clients, or -1 for Tusk's default;
 *                        0 (unlimited) takes connection retirement out of an A/B between Tusk clients
 * @param statementTimeoutMillis {@code statementTimeout} of every Java client (it also sets PgJDBC's socket timeout),
 *                        or -1 for Tusk's default; 0 turns both off, so that socket reads wait without a timer
 */
public record PointSelectOptions(int rounds, Duration roundDuration, Duration warmupDuration, int workers, int poolSize,
                                 Threads threads, int accounts, String databaseUrl, int postgresVersion,
                                 String pgbenchPath, List<String> clients, long tuskMaxQueriesPerConnection,
                                 long statementTimeoutMillis) {

    /** Rows per pgbench scale unit, as {@code pgbench -i} creates them. */
    public static final int ACCOUNTS_PER_SCALE = 100_000;
    /** Measured rounds per client unless told otherwise. */
    public static final int DEFAULT_ROUNDS = 5;
    /** Length of one measured round unless told otherwise. */
    public static final Duration DEFAULT_ROUND_DURATION = Duration.ofSeconds(10);
    /** Length of each client's warm-up round unless told otherwise. */
    public static final Duration DEFAULT_WARMUP_DURATION = Duration.ofSeconds(10);
    /** Concurrent workers unless told otherwise. */
    public static final int DEFAULT_WORKERS = 8;
    /** Connections per pool unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** pgbench scale 10 unless told otherwise. */
    public static final int DEFAULT_ACCOUNTS = 10 * ACCOUNTS_PER_SCALE;
    /** The server version started when no database is given. */
    public static final int DEFAULT_POSTGRES_VERSION = 17;
    /** Tusk with its defaults, retry and the circuit breaker on. */
    public static final String TUSK = "tusk";
    /** Tusk with retry and the circuit breaker off ({@code maxRetries=0}, {@code circuitBreakerThreshold=0}). */
    public static final String TUSK_BARE = "tusk-bare";
    /** Tusk with metrics on: bound to a Prometheus registry, its metering tracer recording every statement. */
    public static final String TUSK_METRICS = "tusk-metrics";
    /** HikariCP + PgJDBC, the idiomatic raw path. */
    public static final String RAW = "raw";
    /** Every Java client the point-select harness knows. */
    public static final List<String> KNOWN_CLIENTS = List.of(TUSK, TUSK_BARE, TUSK_METRICS, RAW);
    /** The clients measured unless told otherwise. */
    public static final List<String> DEFAULT_CLIENTS = List.of(TUSK, RAW);

    /** The kind of thread each worker runs on. */
    public enum Threads {
        /** One platform thread per worker. */
        PLATFORM,
        /** One virtual thread per worker. */
        VIRTUAL
    }

    /** Checks every value at once and names the one that is wrong. */
    public PointSelectOptions {
        requireRange("rounds", rounds, 1, 1_000);
        Objects.requireNonNull(roundDuration, "roundDuration");
        Objects.requireNonNull(warmupDuration, "warmupDuration");
        if (roundDuration.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("round duration must be at least 100ms, but was " + roundDuration);
        }
        if (warmupDuration.isNegative()) {
            throw new IllegalArgumentException("warm-up duration must not be negative, but was " + warmupDuration);
        }
        requireRange("workers", workers, 1, 10_000);
        requireRange("pool size", poolSize, 1, 1_000);
        if (tuskMaxQueriesPerConnection < -1) {
            throw new IllegalArgumentException("max queries per connection must be -1 (Tusk's default), 0 (unlimited) "
                    + "or more, but was " + tuskMaxQueriesPerConnection);
        }
        if (statementTimeoutMillis < -1) {
            throw new IllegalArgumentException("statement timeout must be -1 (Tusk's default), 0 (none) or more "
                    + "milliseconds, but was " + statementTimeoutMillis);
        }
        Objects.requireNonNull(threads, "threads");
        requireRange("accounts", accounts, 1, 2_000_000_000);
        Objects.requireNonNull(clients, "clients");
        clients = List.copyOf(clients);
        if (clients.isEmpty() || clients.size() != Set.copyOf(clients).size()
                || !KNOWN_CLIENTS.containsAll(clients)) {
            throw new IllegalArgumentException("clients must be one or more of " + String.join(",", KNOWN_CLIENTS)
                    + ", each at most once, but was " + String.join(",", clients));
        }
    }

    /** The defaults: tusk and raw, 5 rounds of 10 s after a 10 s warm-up, 8 platform-thread workers, pool of 8, scale 10. */
    public static PointSelectOptions defaults() {
        return new PointSelectOptions(DEFAULT_ROUNDS, DEFAULT_ROUND_DURATION, DEFAULT_WARMUP_DURATION, DEFAULT_WORKERS,
                DEFAULT_POOL_SIZE, Threads.PLATFORM, DEFAULT_ACCOUNTS, null, DEFAULT_POSTGRES_VERSION, null,
                DEFAULT_CLIENTS, -1, -1);
    }

    /** Parses command-line flags over the defaults; {@code databaseUrl} comes from the environment, not a flag. */
    public static PointSelectOptions parse(String[] args, String databaseUrl) {
        PointSelectOptions options = defaults().withDatabaseUrl(databaseUrl);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected a flag such as --rounds=5, but got " + arg);
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options = options.with(name, value);
        }
        return options;
    }

    /** A copy running against {@code url}, or starting its own server when null. */
    public PointSelectOptions withDatabaseUrl(String url) {
        String clean = url == null || url.isBlank() ? null : url.strip();
        return new PointSelectOptions(rounds, roundDuration, warmupDuration, workers, poolSize, threads, accounts, clean,
                postgresVersion, pgbenchPath, clients, tuskMaxQueriesPerConnection, statementTimeoutMillis);
    }

    /** A copy with {@code accounts} rows of data, for runs smaller than one pgbench scale unit. */
    public PointSelectOptions withAccounts(int accounts) {
        return new PointSelectOptions(rounds, roundDuration, warmupDuration, workers, poolSize, threads, accounts,
                databaseUrl, postgresVersion, pgbenchPath, clients, tuskMaxQueriesPerConnection, statementTimeoutMillis);
    }

    /** A copy with {@code rounds} rounds of {@code roundDuration} after {@code warmupDuration} of warm-up. */
    public PointSelectOptions withTiming(int rounds, Duration roundDuration, Duration warmupDuration) {
        return new PointSelectOptions(rounds, roundDuration, warmupDuration, workers, poolSize, threads, accounts,
                databaseUrl, postgresVersion, pgbenchPath, clients, tuskMaxQueriesPerConnection, statementTimeoutMillis);
    }

    /** A copy with {@code workers} workers sharing pools of {@code poolSize} connections. */
    public PointSelectOptions withWorkers(int workers, int poolSize, Threads threads) {
        return new PointSelectOptions(rounds, roundDuration, warmupDuration, workers, poolSize, threads, accounts,
                databaseUrl, postgresVersion, pgbenchPath, clients, tuskMaxQueriesPerConnection, statementTimeoutMillis);
    }

    /** A copy measuring {@code clients}, in this order in the first round. */
    public PointSelectOptions withClients(List<String> clients) {
        return new PointSelectOptions(rounds, roundDuration, warmupDuration, workers, poolSize, threads, accounts,
                databaseUrl, postgresVersion, pgbenchPath, clients, tuskMaxQueriesPerConnection, statementTimeoutMillis);
    }

    @Override
    public String toString() {
        // The URL may carry a password, so only whether one was given is shown.
        return "PointSelectOptions[rounds=" + rounds + ", round=" + roundDuration + ", warmup=" + warmupDuration
                + ", workers=" + workers + ", poolSize=" + poolSize + ", threads=" + threads + ", accounts=" + accounts
                + ", database=" + (databaseUrl == null ? "managed PostgreSQL " + postgresVersion : "DATABASE_URL")
                + ", pgbench=" + pgbenchPath + ", clients=" + String.join(",", clients)
                + ", tuskMaxQueriesPerConnection=" + tuskMaxQueriesPerConnection
                + ", statementTimeoutMillis=" + statementTimeoutMillis + "]";
    }

    private PointSelectOptions with(String flag, String value) {
        int r = rounds;
        Duration round = roundDuration;
        Duration warmup = warmupDuration;
        int w = workers;
        int pool = poolSize;
        Threads t = threads;
        int a = accounts;
        int version = postgresVersion;
        String pgbench = pgbenchPath;
        List<String> c = clients;
        long maxQueries = tuskMaxQueriesPerConnection;
        long timeout = statementTimeoutMillis;
        switch (flag) {
            case "--rounds" -> r = parseInt(flag, value);
            case "--seconds" -> round = parseSeconds(flag, value);
            case "--warmup-seconds" -> warmup = parseSeconds(flag, value);
            case "--workers" -> w = parseInt(flag, value);
            case "--pool-size" -> pool = parseInt(flag, value);
            case "--threads" -> t = parseThreads(value);
            case "--scale" -> a = Math.multiplyExact(parseInt(flag, value), ACCOUNTS_PER_SCALE);
            case "--accounts" -> a = parseInt(flag, value);
            case "--postgres-version" -> version = parseInt(flag, value);
            case "--pgbench" -> pgbench = value.isBlank() ? null : value;
            case "--clients" -> c = Arrays.stream(value.split(",")).map(String::strip).toList();
            case "--max-queries-per-connection" -> maxQueries = parseInt(flag, value);
            case "--statement-timeout-ms" -> timeout = parseInt(flag, value);
            default -> throw new IllegalArgumentException("unknown flag " + flag + "; known flags: --rounds, --seconds, "
                    + "--warmup-seconds, --workers, --pool-size, --threads, --scale, --accounts, --postgres-version, "
                    + "--pgbench, --clients, --max-queries-per-connection, --statement-timeout-ms");
        }
        return new PointSelectOptions(r, round, warmup, w, pool, t, a, databaseUrl, version, pgbench, c, maxQueries, timeout);
    }

    private static int parseInt(String flag, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number, but was " + value);
        }
    }

    private static Duration parseSeconds(String flag, String value) {
        try {
            double seconds = Double.parseDouble(value.strip());
            if (!(seconds >= 0) || seconds > 86_400) {
                throw new IllegalArgumentException(flag + " must be from 0 to 86400 seconds, but was " + value);
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number of seconds such as 10 or 1.5, but was " + value);
        }
    }

    private static Threads parseThreads(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "platform" -> Threads.PLATFORM;
            case "virtual" -> Threads.VIRTUAL;
            default -> throw new IllegalArgumentException("--threads must be platform or virtual, but was " + value);
        };
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", but was " + value);
        }
    }
}
