package dev.tusk.bench.pointselect;

import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The database a run talks to: the one named by {@code DATABASE_URL}, or a server the harness starts and stops. */
public final class BenchDatabase implements AutoCloseable {

    /** Settings of a started server: enough shared buffers to hold scale 10 (about 160 MB) in memory. */
    public static final Map<String, String> MANAGED_SETTINGS = managedSettings();

    private static final String MANAGED_DATABASE = "bench";

    private final String url;
    private final TuskConfig config;
    private final ManagedPostgres server;
    private final String description;

    private BenchDatabase(String url, ManagedPostgres server, String description) {
        this.url = url;
        this.config = TuskConfig.fromUrl(url);
        this.server = server;
        this.description = description;
    }

    /** Connects to {@code options.databaseUrl()}, or starts a server of {@code options.postgresVersion()} when it is null. */
    public static BenchDatabase open(PointSelectOptions options, PrintStream out) {
        return open(options.databaseUrl(), options.postgresVersion(), out);
    }

    /** Connects to {@code databaseUrl}, or starts a server of {@code postgresVersion} when it is null. */
    public static BenchDatabase open(String databaseUrl, int postgresVersion, PrintStream out) {
        return open(databaseUrl, postgresVersion, Map.of(), out);
    }

    /**
     * Connects to {@code databaseUrl}, or starts a server of {@code postgresVersion} when it is null with
     * {@code extraSettings} over {@link #MANAGED_SETTINGS} and the test harness's own (such as {@code fsync=off}).
     * Settings cannot be applied to a server given by URL, so they are refused there.
     */
    public static BenchDatabase open(String databaseUrl, int postgresVersion, Map<String, String> extraSettings,
                                     PrintStream out) {
        if (databaseUrl != null) {
            if (!extraSettings.isEmpty()) {
                throw new IllegalArgumentException("server settings " + extraSettings.keySet() + " can only be applied "
                        + "to a server the harness starts, not to the one DATABASE_URL names");
            }
            TuskConfig config = TuskConfig.fromUrl(databaseUrl);
            return new BenchDatabase(databaseUrl, null, "given by DATABASE_URL (" + config.host() + ":" + config.port()
                    + "/" + config.database() + ")");
        }
        out.println("DATABASE_URL is not set: starting PostgreSQL " + postgresVersion
                + " from the embedded binaries on this machine...");
        Map<String, String> settings = new LinkedHashMap<>(MANAGED_SETTINGS);
        settings.putAll(extraSettings);
        ManagedPostgres.Builder builder = ManagedPostgres.builder().version(postgresVersion).label("bench");
        settings.forEach(builder::setting);
        ManagedPostgres server = builder.start();
        try {
            server.execute("CREATE DATABASE " + MANAGED_DATABASE);
            String listed = settings.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            return new BenchDatabase(server.url(MANAGED_DATABASE), server,
                    "started by the harness on " + server.host() + ":" + server.port() + " (same machine; the test "
                            + "harness's fsync=off, full_page_writes=off, max_connections=200, then " + listed + ")");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Host, port, database and credentials for every client. */
    public TuskConfig config() {
        return config;
    }

    /** The {@code postgresql://} URL, credentials included, for child processes such as a JVM with a small heap. */
    public String url() {
        return url;
    }

    /** Where the database is and who started it, for the report. */
    public String description() {
        return description;
    }

    /** Opens a plain connection for setup and version checks, outside both measured pools. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("ApplicationName", "tusk-bench-setup");
        return DriverManager.getConnection(config.jdbcUrl(), properties);
    }

    /** The server's version as it reports it, e.g. {@code 17.11}. */
    public static String serverVersion(Connection connection) throws SQLException {
        return show(connection, "server_version");
    }

    /** The value of the server setting {@code name} for {@code connection}'s session, as {@code SHOW} reports it. */
    public static String show(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** The server's processes (postmaster and backends) when the harness started it; empty for DATABASE_URL. */
    public List<Long> serverProcesses() {
        if (server == null) {
            return List.of();
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).getFirst().strip());
            // Every server process is a child of the postmaster. Linux lists them in one file, which is asked for ten
            // times a second during a round; ProcessHandle.descendants() reads every process's entry in /proc.
            Path children = Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster), "children");
            if (Files.isReadable(children)) {
                List<Long> pids = new ArrayList<>();
                pids.add(postmaster);
                for (String pid : Files.readString(children).trim().split("\\s+")) {
                    if (!pid.isEmpty()) {
                        pids.add(Long.parseLong(pid));
                    }
                }
                return pids;
            }
            return ProcessHandle.of(postmaster)
                    .map(handle -> Stream.concat(Stream.of(handle), handle.descendants()).map(ProcessHandle::pid).toList())
                    .orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Whether the harness started the server, so all of its processes are known. */
    public boolean isManaged() {
        return server != null;
    }

    /** Stops the server if the harness started it. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> managedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_buffers", "256MB");
        return Collections.unmodifiableMap(settings);
    }
}
