package dev.tusk.spring.boot;

import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;

/** One real server per test JVM for the Spring contexts, which outlive a test class in Spring's context cache. */
final class SharedPostgres {

    private static ManagedPostgres server;

    private SharedPostgres() {
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    static synchronized ManagedPostgres server() {
        if (server == null) {
            server = ManagedPostgres.startDefault();
            ManagedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-postgres"));
        }
        return server;
    }

    /** A fresh database on the JVM's server, named after {@code prefix}. */
    static TestDatabase createDatabase(String prefix) {
        return server().createDatabase(prefix);
    }
}
