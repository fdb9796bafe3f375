package dev.tusk.health.internal;

import dev.tusk.SqlOperations;
import dev.tusk.health.ConnectionInfo;

import java.time.Duration;
import java.time.Instant;

/** Reads {@link ConnectionInfo} in one statement. */
public final class ConnectionInfoQuery {

    static final String QUERY = "SELECT current_setting('application_name') AS application_name, "
            + "current_database() AS database, "
            + "count(*) FILTER (WHERE state = 'active')::int AS active, "
            + "count(*) FILTER (WHERE state = 'idle')::int AS idle, "
            + "count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_in_transaction, "
            + "count(*)::int AS total, "
            + "pg_postmaster_start_time() AS started_at, "
            + "clock_timestamp() AS now "
            + "FROM pg_stat_activity "
            + "WHERE application_name = current_setting('application_name') AND datname = current_database()";

    private ConnectionInfoQuery() {
    }

    /** Asks the server through {@code database}, which retries and reports failures as any statement does. */
    public static ConnectionInfo read(SqlOperations database) {
        return database.queryOne(QUERY, row -> {
            Instant started = row.getOffsetDateTime("started_at").toInstant();
            Instant now = row.getOffsetDateTime("now").toInstant();
            return new ConnectionInfo(row.getString("application_name"), row.getString("database"),
                    row.getInt("active"), row.getInt("idle"), row.getInt("idle_in_transaction"), row.getInt("total"),
                    started, Duration.between(started, now), now);
        });
    }
}
