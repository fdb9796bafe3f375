package dev.tusk.pool.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.config.TuskConfig;
import dev.tusk.config.internal.JdbcProperties;

/** Builds the HikariCP pool underneath a Tusk client from a {@link TuskConfig}. */
public final class HikariPools {

    private HikariPools() {
    }

    /** A started HikariCP pool for {@code config}. */
    public static HikariDataSource create(TuskConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tusk");
        hikari.setJdbcUrl(config.jdbcUrl());
        // Credentials, TLS, timeouts and statement-cache settings all travel as PgJDBC properties.
        hikari.setDataSourceProperties(JdbcProperties.of(config));
        hikari.setMinimumIdle(config.poolMinSize());
        hikari.setMaximumPoolSize(config.poolMaxSize());
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        // Without warm-up the pool opens connections lazily and a server that is down fails the first query instead.
        hikari.setInitializationFailTimeout(config.warmUp() ? 1 : -1);
        return new HikariDataSource(hikari);
    }
}
