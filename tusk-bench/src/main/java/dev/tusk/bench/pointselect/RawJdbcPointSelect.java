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
     * Opens a HikariCP pool for the same server, credentials and pool size as the Tusk client, with the same PgJDBC
     * properties Tusk sets ({@code ApplicationName}, {@code logServerErrorDetail=false}) and the same acquire timeout,
     * so that only the code path between the application and the pool differs.
     */
    public RawJdbcPointSelect(TuskConfig config, int poolSize) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("raw");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMinimumIdle(poolSize);
        hikari.setMaximumPoolSize(poolSize);
        hikari.setConnectionTimeout(config.acquireTimeout().toMillis());
        hikari.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        this.pool = new HikariDataSource(hikari);
    }

    @Override
    public String name() {
        return "raw";
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
