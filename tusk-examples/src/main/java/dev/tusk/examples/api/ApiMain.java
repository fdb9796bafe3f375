package dev.tusk.examples.api;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.ConfigException;
import dev.tusk.config.TuskConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Runs the read-only API as a service: the database from Tusk's usual environment ({@code DATABASE_URL}, the
 * {@code POSTGRES_*}, {@code POSTGRESQL_*}, {@code DB_*} and {@code PG*} families, {@code POSTGRES_READ_URLS} for read
 * replicas), the listener from {@code TUSK_API_*} and {@code --port}. On SIGTERM or Ctrl-C a shutdown hook stops
 * accepting connections, drains the requests in flight within {@code TUSK_API_DRAIN_TIMEOUT}, closes the client, and
 * ends the process with status 0 (1 when requests were cut at the bound or the client failed to close). Bad settings
 * end it at start with status 2, a database or port it cannot use with status 1, each with a one-line message.
 */
public final class ApiMain {

    private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

    private ApiMain() {
    }

    /** Starts the service; see the class description for its settings. */
    public static void main(String[] args) {
        ApiSettings settings;
        TuskConfig config;
        try {
            settings = ApiSettings.from(System::getenv, args);
            config = TuskConfig.fromEnvironment();
        } catch (ConfigException e) {
            System.err.println("tusk api: the database configuration cannot be used: " + String.join("; ", e.problems()));
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("tusk api: " + e.getMessage());
            System.exit(2);
            return;
        }
        // serverList and database only: the config's user and password stay out of the log.
        LOG.info("connecting to {}/{} with {} read replica(s)", config.serverList(), config.database(),
                config.readReplicas().size());
        TuskClient client;
        try {
            client = Tusk.connect(config);
        } catch (RuntimeException e) {
            // Tusk's messages name host, port, database and user, never the password.
            System.err.println("tusk api: could not open the database client: " + e.getMessage());
            System.exit(1);
            return;
        }
        ApiServer server;
        try {
            server = ApiServer.start(client, settings);
        } catch (RuntimeException e) {
            client.close();
            System.err.println("tusk api: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, client, settings.drainTimeout()),
                "tusk-api-shutdown"));
        LOG.info("serving the read-only API on {} (schema {}, drain bound {} ms)", server.uri(), settings.schema(),
                settings.drainTimeout().toMillis());
        // main returns; the JDK server's dispatcher thread keeps the JVM running until the shutdown hook stops it.
    }

    private static void stop(ApiServer server, TuskClient client, Duration drainTimeout) {
        LOG.info("shutdown requested: stopping the API server");
        ApiServer.DrainResult drain = server.shutdown(drainTimeout);
        int status = drain.drained() ? 0 : 1;
        LOG.info("closing the Tusk client, pool {}", client.poolStats().summary());
        try {
            client.close();
            LOG.info("Tusk client closed: pool closed, no connection left open");
        } catch (RuntimeException e) {
            LOG.error("closing the Tusk client failed", e);
            status = 1;
        }
        LOG.info("shutdown complete, exiting with status {}", status);
        System.out.flush();
        System.err.flush();
        // The JVM reports 143 for a SIGTERM exit; a clean drain and close is a success, so say so with 0.
        Runtime.getRuntime().halt(status);
    }
}
