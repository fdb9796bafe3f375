package dev.tusk.cli;

import dev.tusk.config.ConfigException;
import dev.tusk.config.ConfigLoader;
import dev.tusk.config.EffectiveConfig;
import dev.tusk.config.SettingSource;
import dev.tusk.config.TuskConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The database a command works on: the one the environment configures ({@code DATABASE_URL}, {@code POSTGRES_HOST},
 * {@code PGHOST}…), or, when nothing names a server, an embedded PostgreSQL started for the run.
 */
final class DatabaseTarget implements AutoCloseable {

    private final TuskConfig config;
    private final EmbeddedPostgres embedded;
    private final String description;

    private DatabaseTarget(TuskConfig config, EmbeddedPostgres embedded, String description) {
        this.config = config;
        this.embedded = embedded;
        this.description = description;
    }

    /** Loads the configuration from {@code environment}; starts an embedded server, saying so on {@code out}, when it names none. */
    static DatabaseTarget open(Function<String, String> environment, Path home, PrintWriter out) {
        EffectiveConfig effective = load(environment, home);
        if (namesAServer(effective)) {
            return configured(effective);
        }
        out.println("No database configured (DATABASE_URL, POSTGRES_HOST, PGHOST…): starting an embedded PostgreSQL for this run...");
        out.flush();
        long started = System.nanoTime();
        EmbeddedPostgres embedded;
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
        TuskConfig config = effective.config().toBuilder().host("127.0.0.1").port(embedded.getPort()).user("postgres")
                .password(null).database("postgres").build();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new DatabaseTarget(config, embedded, "an embedded PostgreSQL on port " + embedded.getPort()
                + " (started in " + millis + " ms)");
    }

    /**
     * Loads the configuration from {@code environment} and fails when it names no server: commands that load or export
     * real data must never quietly work on a throwaway embedded database instead.
     */
    static DatabaseTarget configured(Function<String, String> environment, Path home) {
        EffectiveConfig effective = load(environment, home);
        if (!namesAServer(effective)) {
            throw new IllegalArgumentException("no database configured: set DATABASE_URL, for example "
                    + "postgresql://user@host:5432/database (or POSTGRES_HOST, PGHOST and the rest; see tusk config)");
        }
        return configured(effective);
    }

    private static EffectiveConfig load(Function<String, String> environment, Path home) {
        try {
            return ConfigLoader.of(environment, home).load();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the configuration cannot be used: " + String.join("; ", e.problems()), e);
        }
    }

    private static DatabaseTarget configured(EffectiveConfig effective) {
        TuskConfig config = effective.config();
        return new DatabaseTarget(config, null, config.user() + "@" + config.serverList() + "/"
                + config.database() + " (host from " + effective.source("host").describe() + ")");
    }

    private static boolean namesAServer(EffectiveConfig effective) {
        for (String setting : new String[] {"host", "port", "database"}) {
            if (effective.source(setting).kind() != SettingSource.Kind.DEFAULT) {
                return true;
            }
        }
        return false;
    }

    /** The connection settings for the target. */
    TuskConfig config() {
        return config;
    }

    /** Where the target is, in words, without credentials. */
    String description() {
        return description;
    }

    /** Whether the target is an embedded server that goes away with this run. */
    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
    }
}
