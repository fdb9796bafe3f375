package dev.tusk.bench.pointselect;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.config.TuskConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Point-select the idiomatic raw way: HikariCP + PgJDBC, prepare, setInt, executeQuery, getInt, close. */
public final class RawJdbcPointSelect implements PointSelectClient {

    /** The {@code application_name} of this client's sessions, to tell them apart on the server. */
    public static final String APPLICATION_NAME = "tusk-bench-raw";

    private final HikariDataSource pool;

    /**
     * Opens a HikariCP pool for the same server, credentials and pool size as the Tusk client, with exactly the PgJDBC
     * properties Tusk sends (from {@link dev.tusk.config.TuskConfig#jdbcProperties()}: credentials, {@code ApplicationName}, TLS mode, the
     * {@code statement_timeout} session option, keep-alive, {@code logServerErrorDetail=false}…) and the same acquire
     * timeout, so that only the code path between the application and the pool differs. The server-side
     * {@code statement_timeout} alone costs several percent on a point-select, so leaving it out of one side would
     * measure the server, not the client.
     */
    public RawJdbcPointSelect(TuskConfig config, int poolSize) {
        this.pool = openPool(config, poolSize, "raw", APPLICATION_NAME);
    }

    /**
     * A fixed HikariCP pool of {@code poolSize} connections named {@code poolName}, sending the PgJDBC properties Tusk
     * sends for {@code config} with {@code applicationName}, and Tusk's acquire timeout: the raw side of every
     * comparison.
     */
    public static HikariDataSource openPool(TuskConfig config, int poolSize, String poolName, String applicationName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setDataSourceProperties(config.toBuilder().applicationName(applicationName).build().jdbcProperties());
        hikari.setMinimumIdle(poolSize);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        return new HikariDataSource(hikari);
    }

    @Override
    public String name() {
        return PointSelectOptions.RAW;
    }

    @Override
    public int select(int aid) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setInt(1, aid);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("account " + aid + " not found");
                }
                return rows.getInt(1);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
