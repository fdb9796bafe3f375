package dev.tusk.testing.pgbouncer;

import dev.tusk.testing.PostgresServer;
import dev.tusk.testing.internal.InstanceDirectories;
import dev.tusk.testing.internal.LoopbackPorts;
import dev.tusk.testing.internal.ServerProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PgBouncer process on a free loopback port in front of a {@link PostgresServer}, in transaction pooling mode
 * unless told otherwise, stopped on {@link #close()}, at JVM exit, or by the next harness if this JVM was killed.
 *
 * <p>PgBouncer 1.18 (Debian 12) does not track named prepared statements in transaction mode, so PgJDBC clients need
 * {@code prepareThreshold=0}; {@link #connect(String)} sets it, {@link #jdbcUrl(String)} leaves it to the caller.
 * Its admin console is reached through {@link #adminQuery(String)}, because PgJDBC cannot log in to it.
 */
public final class PgBouncer implements AutoCloseable {

    /** Where Debian's {@code pgbouncer} package installs the binary. */
    public static final Path DEFAULT_BINARY = Path.of("/usr/sbin/pgbouncer");
    /** The pseudo-database of PgBouncer's admin console ({@code SHOW POOLS}, {@code PAUSE}, ...). */
    public static final String ADMIN_DATABASE = "pgbouncer";
    /** Server connections per database and user pair, unless set. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Client connections PgBouncer accepts, unless set. */
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(PgBouncer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final PostgresServer server;
    private final PoolMode poolMode;
    private final Path instanceDirectory;
    private final Path logFile;
    private volatile int port;
    private volatile Process process;
    private volatile String version;
    private volatile boolean closed;

    private PgBouncer(Builder builder, Path instanceDirectory) {
        this.server = builder.server;
        this.poolMode = builder.poolMode;
        this.instanceDirectory = instanceDirectory;
        this.logFile = instanceDirectory.resolve("pgbouncer.log");
    }

    /** A builder for a PgBouncer in front of {@code server}. */
    public static Builder builder(PostgresServer server) {
        return new Builder(server);
    }

    /** Starts a PgBouncer in transaction mode in front of {@code server}; returns once it accepts connections. */
    public static PgBouncer start(PostgresServer server) {
        return builder(server).start();
    }

    /** The host clients connect to. */
    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port clients connect to. */
    public int port() {
        return port;
    }

    /** A PgJDBC URL for {@code database} through PgBouncer; add {@code prepareThreshold=0} in transaction or statement mode. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** The pooling mode PgBouncer runs in. */
    public PoolMode poolMode() {
        return poolMode;
    }

    /** The server PgBouncer forwards to. */
    public PostgresServer server() {
        return server;
    }

    /** What PgBouncer's {@code SHOW VERSION} reported, such as {@code PgBouncer 1.18.0}. */
    public String version() {
        return version;
    }

    /** The file PgBouncer's output goes to. */
    public Path logFile() {
        return logFile;
    }

    /** Opens a connection to {@code database} through PgBouncer as the server's superuser, with {@code prepareThreshold=0}. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        // PgBouncer trusts listed users, so no password is sent; the auth file carries the server's for its own logins.
        properties.setProperty("user", server.superuser());
        // Named server-side statements would be lost when the next transaction lands on another backend.
        properties.setProperty("prepareThreshold", "0");
        properties.setProperty("ApplicationName", "tusk-testing");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /**
     * Runs a command such as {@code SHOW POOLS} or {@code PAUSE} on PgBouncer's admin console as the server's superuser
     * and returns its rows, each a column name to text value map in column order.
     */
    public List<Map<String, String>> adminQuery(String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("admin console command must not be blank, but was '" + command + "'");
        }
        try {
            return AdminConsole.query(host(), port, server.superuser(), command, ADMIN_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException("admin console of " + this + " failed on '" + command + "': " + e.getMessage(), e);
        }
    }

    /** The last {@code lines} lines of PgBouncer's output, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /** Kills PgBouncer, asking politely first, and removes its folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopProcess();
        } finally {
            InstanceDirectories.release(this, instanceDirectory);
        }
    }

    @Override
    public String toString() {
        return "PgBouncer[" + host() + ":" + port + " -> " + server.host() + ":" + server.port() + ", " + poolMode.settingValue()
                + (closed ? ", closed" : "") + "]";
    }

    private void startOnFreePort(Path binary, Map<String, String> settings) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = LoopbackPorts.free();
            Path config = PgBouncerFiles.write(instanceDirectory, server, port, settings);
            try {
                launch(binary, config);
                awaitReady();
                LOG.info("{} is up on {}:{} in front of {}:{}", version, host(), port, server.host(), server.port());
                return;
            } catch (IllegalStateException e) {
                last = e;
                stopProcess();
                // Another process may take the port between our probe and PgBouncer's bind: try another.
                if (!logTail(20).contains("Address already in use")) {
                    break;
                }
                LOG.info("Port {} was taken before PgBouncer could bind it; trying another", port);
            }
        }
        throw last;
    }

    private void launch(Path binary, Path config) {
        // No -d: a foreground child is one we can signal, wait for, and see die.
        ProcessBuilder builder = new ProcessBuilder(ServerProcesses.command(binary, List.of(config.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = builder.start();
            // unshare execs PgBouncer in place, so this pid is PgBouncer's, for the next harness to kill if we die.
            Files.writeString(instanceDirectory.resolve("process.pid"), String.valueOf(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary + " with " + config, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with code " + process.exitValue() + " on port " + port
                        + "\nLast lines of " + logFile + ":\n" + logTail(30));
            }
            try {
                version = AdminConsole.query(host(), port, server.superuser(), "SHOW VERSION", ADMIN_TIMEOUT)
                        .getFirst().values().iterator().next();
                return;
            } catch (ConnectException notListeningYet) {
                lastFailure = notListeningYet;
                pause(Duration.ofMillis(50));
            } catch (IOException e) {
                // Anything but "not listening yet" will not change on retry.
                throw new IllegalStateException("PgBouncer on port " + port + " refused the admin console: " + e.getMessage()
                        + "\nLast lines of " + logFile + ":\n" + logTail(30), e);
            }
        }
        throw new IllegalStateException("PgBouncer on port " + port + " refused connections for " + START_TIMEOUT + ": "
                + (lastFailure == null ? "" : lastFailure.getMessage()) + "\nLast lines of " + logFile + ":\n" + logTail(30),
                lastFailure);
    }

    private void stopProcess() {
        Process running = process;
        if (running == null || !running.isAlive()) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("PgBouncer (pid {}) ignored SIGTERM for {}; killing it", running.pid(), STOP_TIMEOUT);
                running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }


    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PgBouncer", e);
        }
    }

    /** Chooses the binary, pooling mode, pool sizes and extra settings of a {@link PgBouncer}. */
    public static final class Builder {
        private final PostgresServer server;
        private Path binary = DEFAULT_BINARY;
        private PoolMode poolMode = PoolMode.TRANSACTION;
        private int defaultPoolSize = DEFAULT_POOL_SIZE;
        private int maxClientConnections = DEFAULT_MAX_CLIENT_CONNECTIONS;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(PostgresServer server) {
            if (server == null) {
                throw new IllegalArgumentException("server must not be null: PgBouncer needs a PostgreSQL server to forward to");
            }
            this.server = server;
        }

        /** The {@code pgbouncer} executable to run instead of {@link #DEFAULT_BINARY}. */
        public Builder binary(Path binary) {
            if (binary == null) {
                throw new IllegalArgumentException("binary must not be null");
            }
            this.binary = binary;
            return this;
        }

        /** The pooling mode; transaction mode is the default because it is the one that breaks clients. */
        public Builder poolMode(PoolMode poolMode) {
            if (poolMode == null) {
                throw new IllegalArgumentException("poolMode must not be null");
            }
            this.poolMode = poolMode;
            return this;
        }

        /** Server connections per database and user pair ({@code default_pool_size}); 1 to 1000. */
        public Builder defaultPoolSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("defaultPoolSize must be between 1 and 1000, but was " + size);
            }
            this.defaultPoolSize = size;
            return this;
        }

        /** Client connections PgBouncer accepts ({@code max_client_conn}); 1 to 10000. */
        public Builder maxClientConnections(int connections) {
            if (connections < 1 || connections > 10_000) {
                throw new IllegalArgumentException("maxClientConnections must be between 1 and 10000, but was " + connections);
            }
            this.maxClientConnections = connections;
            return this;
        }

        /** Any other {@code [pgbouncer]} setting, such as {@code server_login_retry}; the value is written as is. */
        public Builder setting(String name, String value) {
            if (name == null || !name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("setting name must be a PgBouncer parameter name, but was " + name);
            }
            if (value == null || value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("setting " + name + " must have a one-line value, but was " + value);
            }
            settings.put(name, value);
            return this;
        }

        /** Writes the configuration and starts PgBouncer; returns once its admin console answers. */
        public PgBouncer start() {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("pgbouncer is not installed at " + binary
                        + "; install it with: apt-get install -y pgbouncer");
            }
            Map<String, String> effective = new LinkedHashMap<>();
            effective.put("pool_mode", poolMode.settingValue());
            effective.put("default_pool_size", String.valueOf(defaultPoolSize));
            effective.put("max_client_conn", String.valueOf(maxClientConnections));
            effective.putAll(settings);
            Path instance = InstanceDirectories.create("pgbouncer");
            PgBouncer bouncer = new PgBouncer(this, instance);
            // Registered before the process starts, so the JVM-exit hook and orphan cleanup both cover it.
            InstanceDirectories.register(bouncer, instance, binary.toAbsolutePath().getParent());
            try {
                bouncer.startOnFreePort(binary, effective);
                return bouncer;
            } catch (RuntimeException e) {
                bouncer.close();
                throw e;
            }
        }
    }
}
