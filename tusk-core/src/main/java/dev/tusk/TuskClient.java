package dev.tusk;

import dev.tusk.config.TuskConfig;
import dev.tusk.pool.PoolHooks;
import dev.tusk.pool.PoolStats;
import dev.tusk.pool.TuskPool;
import dev.tusk.query.internal.Statements;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A pooled connection to one PostgreSQL database; thread-safe, and closed once when the application stops. */
public final class TuskClient implements AutoCloseable {

    private final TuskConfig config;
    private final TuskPool pool;

    TuskClient(TuskConfig config, PoolHooks hooks) {
        this.config = config;
        this.pool = TuskPool.open(config, hooks);
    }

    /** The configuration this client was opened with. */
    public TuskConfig config() {
        return config;
    }

    /** Runs {@code sql} with positional {@code parameters} and maps every row with {@code mapper}. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = pool.acquire();
             PreparedStatement statement = Statements.prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            Row row = new Row(rows);
            while (rows.next()) {
                result.add(mapper.map(row));
            }
            return result;
        } catch (SQLException e) {
            throw Statements.failure(sql, e);
        }
    }

    /** Runs {@code sql} and returns the first column of its single row as {@code type}, or null for NULL or no row. */
    public <T> T queryValue(Class<T> type, String sql, Object... parameters) {
        try (Connection connection = pool.acquire();
             PreparedStatement statement = Statements.prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return null;
            }
            T value = rows.getObject(1, type);
            if (rows.next()) {
                throw new QueryException("query returned more than one row where one value was expected, while running: " + sql,
                        null, ServerError.NONE);
            }
            return value;
        } catch (SQLException e) {
            throw Statements.failure(sql, e);
        }
    }

    /** Runs a statement that returns no rows and returns the number of rows it changed. */
    public long execute(String sql, Object... parameters) {
        try (Connection connection = pool.acquire();
             PreparedStatement statement = Statements.prepare(connection, sql, parameters)) {
            return statement.executeLargeUpdate();
        } catch (SQLException e) {
            throw Statements.failure(sql, e);
        }
    }

    /** The pool as a standard {@link DataSource}, for libraries such as Flyway or jOOQ to share. */
    public DataSource dataSource() {
        return pool.dataSource();
    }

    /** A snapshot of the connection pool: size, use, acquire times, leaks, exhaustion and retirements. */
    public PoolStats poolStats() {
        return pool.stats();
    }

    /** Waits up to the shutdown grace period for work in flight, then closes every pooled connection; the client cannot be used afterwards. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "TuskClient[" + config + "]";
    }
}
