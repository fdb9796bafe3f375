package dev.tusk.pool.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.config.TuskConfig;

/** Builds the HikariCP pool underneath a Tusk client from a {@link TuskConfig}. */
public final class HikariPools {

    private HikariPools() {
    }

    /** A started HikariCP pool for {@code config}. */
    public static HikariDataSource create(TuskConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tusk");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMinimumIdle(config.poolMinSize());
        hikari.setMaximumPoolSize(config.poolMaxSize());
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        // Without warm-up the pool opens connections lazily and a server that is down fails the first query instead.
        hikari.setInitializationFailTimeout(config.warmUp() ? 1 : -1);
        hikari.addDataSourceProperty("ApplicationName", config.applicationName());
        // Keep parameter values out of server error messages, which end up in exceptions and logs.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true"); // batched INSERTs become multi-row VALUES
        return new HikariDataSource(hikari);
    }
}
