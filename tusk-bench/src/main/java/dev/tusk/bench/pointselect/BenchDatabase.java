package dev.tusk.bench.pointselect;

import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/** The database a run talks to: the one named by {@code DATABASE_URL}, or a server the harness starts and stops. */
public final class BenchDatabase implements AutoCloseable {

    /** Settings of a started server: enough shared buffers to hold scale 10 (about 160 MB) in memory. */
    public static final Map<String, String> MANAGED_SETTINGS = managedSettings();

    private static final String MANAGED_DATABASE = "bench";

    private final TuskConfig config;
    private final ManagedPostgres server;
    private final String description;

    private BenchDatabase(TuskConfig config, ManagedPostgres server, String description) {
        this.config = config;
        this.server = server;
        this.description = description;
    }

    /** Connects to {@code options.databaseUrl()}, or starts a server of {@code options.postgresVersion()} when it is null. */
    public static BenchDatabase open(PointSelectOptions options, PrintStream out) {
        if (options.databaseUrl() != null) {
            TuskConfig config = TuskConfig.fromUrl(options.databaseUrl());
            return new BenchDatabase(config, null, "given by DATABASE_URL (" + config.host() + ":" + config.port()
                    + "/" + config.database() + ")");
        }
        out.println("DATABASE_URL is not set: starting PostgreSQL " + options.postgresVersion()
                + " from the embedded binaries on this machine...");
        ManagedPostgres.Builder builder = ManagedPostgres.builder().version(options.postgresVersion()).label("bench");
        MANAGED_SETTINGS.forEach(builder::setting);
        ManagedPostgres server = builder.start();
        try {
            server.execute("CREATE DATABASE " + MANAGED_DATABASE);
            String settings = MANAGED_SETTINGS.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            return new BenchDatabase(TuskConfig.fromUrl(server.url(MANAGED_DATABASE)), server,
                    "started by the harness on " + server.host() + ":" + server.port() + " (same machine; "
                            + "fsync=off, max_connections=200 from the test harness, plus " + settings + ")");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Host, port, database and credentials for both clients. */
    public TuskConfig config() {
        return config;
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
