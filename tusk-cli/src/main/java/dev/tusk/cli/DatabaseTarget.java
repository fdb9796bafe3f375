package dev.tusk.cli;

import dev.tusk.config.TuskConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The database a command works on: the one {@code DATABASE_URL} names, or an embedded server started for the run. */
final class DatabaseTarget implements AutoCloseable {

    /** The environment variable naming the database to use. */
    static final String DATABASE_URL = "DATABASE_URL";

    private final TuskConfig config;
    private final EmbeddedPostgres embedded;
    private final String description;

    private DatabaseTarget(TuskConfig config, EmbeddedPostgres embedded, String description) {
        this.config = config;
        this.embedded = embedded;
        this.description = description;
    }

    /** Uses {@code databaseUrl} when given, else starts an embedded PostgreSQL and says so on {@code out}. */
    static DatabaseTarget open(String databaseUrl, PrintWriter out) {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            TuskConfig config;
            try {
                config = TuskConfig.fromUrl(databaseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DATABASE_URL + " is not usable: " + e.getMessage(), e);
            }
            return new DatabaseTarget(config, null, "the server in " + DATABASE_URL + " (" + config.user() + "@"
                    + config.host() + ":" + config.port() + "/" + config.database() + ")");
        }
        out.println("No " + DATABASE_URL + " set: starting an embedded PostgreSQL for this run...");
        out.flush();
        long started = System.nanoTime();
        EmbeddedPostgres embedded;
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL: " + e.getMessage(), e);
        }
        TuskConfig config = TuskConfig.builder().host("127.0.0.1").port(embedded.getPort()).user("postgres")
                .database("postgres").build();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new DatabaseTarget(config, embedded, "an embedded PostgreSQL on port " + embedded.getPort()
                + " (started in " + millis + " ms)");
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
