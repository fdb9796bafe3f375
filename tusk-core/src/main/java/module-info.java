/**
 * Tusk, a PostgreSQL client for Java services. Only the API packages are exported; everything under an
 * {@code internal} package is the implementation and may change in any release.
 */
module dev.tusk {
    // Transaction.connection() and TuskClient.dataSource() hand out java.sql types.
    requires transitive java.sql;
    // TuskHttpServer serves health and metrics with the JDK's own HTTP server.
    requires jdk.httpserver;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires io.github.resilience4j.circuitbreaker;
    requires org.slf4j;
    // Optional: only dev.tusk.metrics.TuskMetrics and its internals touch Micrometer; a client runs without it.
    requires static transitive micrometer.core;

    exports dev.tusk;
    exports dev.tusk.batch;
    exports dev.tusk.config;
    exports dev.tusk.copy;
    exports dev.tusk.health;
    exports dev.tusk.http;
    exports dev.tusk.listen;
    exports dev.tusk.metrics;
    exports dev.tusk.pool;
    exports dev.tusk.query;
    exports dev.tusk.resilience;
    exports dev.tusk.routing;
    exports dev.tusk.schema;
    exports dev.tusk.security;
    exports dev.tusk.trace;
    exports dev.tusk.tx;

    // PgJDBC instantiates the TLS socket factory from its class name (the sslfactory property).
    exports dev.tusk.config.internal to org.postgresql.jdbc;
}
