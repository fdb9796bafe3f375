package dev.tusk.bench.writetx;

import com.zaxxer.hikari.HikariDataSource;
import dev.tusk.bench.pointselect.RawJdbcPointSelect;
import dev.tusk.config.TuskConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The write transaction the idiomatic raw way: HikariCP + PgJDBC, autocommit off, the UPDATE as a prepared statement,
 * COMMIT; optionally with Tusk's transaction-id query riding along the UPDATE in the same round trip, as Tusk sends
 * it, to isolate what knowing the transaction id costs.
 */
public final class RawJdbcWriteTx implements WriteTxClient {

    private final HikariDataSource pool;
    private final boolean readTransactionId;

    /**
     * Opens a pool like the point-select raw client's (the PgJDBC properties Tusk sends, same size and acquire timeout);
     * with {@code readTransactionId} each UPDATE also carries {@link #TRANSACTION_ID_SQL} in its round trip, and reads
     * and parses its answer as Tusk does.
     */
    public RawJdbcWriteTx(TuskConfig config, int poolSize, boolean readTransactionId) {
        this.readTransactionId = readTransactionId;
        String name = readTransactionId ? RAW_XID : RAW;
        this.pool = RawJdbcPointSelect.openPool(config, poolSize, name, "tusk-bench-" + name);
    }

    @Override
    public String name() {
        return readTransactionId ? RAW_XID : RAW;
    }

    @Override
    public void run(int aid) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement update = connection.prepareStatement(readTransactionId
                        ? UPDATE_SQL + "\n;" + TRANSACTION_ID_SQL : UPDATE_SQL)) {
                    update.setInt(1, DELTA);
                    update.setInt(2, aid);
                    update.execute();
                    int changed = update.getUpdateCount();
                    if (changed != 1) {
                        throw new IllegalStateException("account " + aid + " not found: the UPDATE changed " + changed + " rows");
                    }
                    if (readTransactionId) {
                        readTransactionId(update);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static long readTransactionId(PreparedStatement update) throws SQLException {
        if (!update.getMoreResults()) {
            throw new IllegalStateException("the transaction-id query returned no rows");
        }
        try (ResultSet rows = update.getResultSet()) {
            rows.next();
            String id = rows.getString(1);
            if (id == null) {
                throw new IllegalStateException("the transaction has no id after an UPDATE");
            }
            return Long.parseLong(id);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
